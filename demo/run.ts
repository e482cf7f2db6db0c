// The demo: the whole pipeline on embedded defaults against local fixture sites.
// generate films → register them → serve a pirate site + Telegram preview → crawl through the queues →
// match → publish (delisting) → packet → two investigators approve the domain → registry page.
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema.ts';
import { startService, type Service } from '../cli/service.ts';
import { registerFilm } from '../matcher/register.ts';
import { addSource } from '../storage/sources.ts';
import { createUser, linkFilm, type UserRole } from '../storage/users.ts';
import { startFixtureSites } from '../fixtures/pirate-site/pirate-site.ts';
import { DEMO_FILMS, prepareDemoMedia } from './media.ts';
import { waitForPipeline } from './wait.ts';
import type { PipelineState } from '../storage/progress.ts';
import { approveAsTwoInvestigators } from './investigators.ts';

export interface DemoUrls {
  registry: string; registryRu: string; registryEn: string; registryJson: string; hosts: string; rpz: string;
  delist: string; review: string; portal: string; dashboard: string; health: string; pirateSite: string; telegram: string;
}

/** The demo's pirate site and Telegram preview answer on loopback under these names (TEST_RESOLVE), so the
 *  registry, the hosts file and the RPZ show names the way a real deployment would. */
export const DEMO_SITE_HOST = 'kinogo-kz.example';
export const DEMO_TELEGRAM_HOST = 't.me';

/** One demo user of every role: name → role (aigerim and daniyar are the two investigators the demo decides with). */
export const DEMO_USERS: ReadonlyArray<readonly [string, UserRole]> = [
  ['admin', 'admin'], ['aigerim', 'investigator'], ['daniyar', 'investigator'], ['kazakhfilm', 'rights_holder'],
  ['operator', 'operator'], ['saule', 'supervisor'], ['search-engine', 'search_engine'], ['isp-kz', 'isp'],
];

export interface DemoResult {
  service: Service;
  state: PipelineState;
  urls: DemoUrls;
  keys: Record<string, string>;
  stop(): Promise<void>;
}

/** cfg.dataDir is used as-is (the caller picks a fresh folder); mediaCache survives between runs. */
export async function runDemo(cfg: AppConfig, log: Logger, opts: { mediaCache: string; say: (s: string) => void; timeoutMs?: number }): Promise<DemoResult> {
  const say = opts.say;
  const t0 = Date.now();
  say('1/6 Generating demo films with ffmpeg (cached after the first run)…');
  const media = await prepareDemoMedia(cfg, opts.mediaCache, say);

  say(`2/6 Starting the local fixture pirate site (${DEMO_SITE_HOST}) and Telegram channel preview (${DEMO_TELEGRAM_HOST}/s/kino_free_kz) on 127.0.0.1…`);
  // dala, tau: full pirate copies (HLS); bori: only its poster so far (→ human review); other: not a national film
  const fixtures = await startFixtureSites({
    items: DEMO_FILMS.map((f) => ({
      slug: f.key, titleRu: f.titleRu, titleOriginal: f.titleEn, year: f.year, kinopoiskId: f.kinopoiskId,
      posterFile: media.film(f.key).piratePoster, hlsDir: f.key === 'bori' ? null : media.film(f.key).pirateHlsDir,
    })),
    channel: { name: 'kino_free_kz', posts: [
      { id: 101, text: 'Жаңа қазақ фильмі! Смотреть «Голос степи» бесплатно', itemSlug: 'dala' },
      { id: 102, text: 'Новинки недели: «Чужое кино» онлайн', itemSlug: 'other' },
    ] },
    hosts: { site: DEMO_SITE_HOST, telegram: DEMO_TELEGRAM_HOST },
  });

  say('3/6 Starting Kuzet (embedded PostgreSQL/PGlite, embedded redis-server, workers, API)…');
  // the fixture names resolve to loopback for every way out (guarded fetch, crawler, egress proxy for ffmpeg/Chromium)
  const testResolve = { [DEMO_SITE_HOST]: '127.0.0.1', [DEMO_TELEGRAM_HOST]: '127.0.0.1', ...cfg.testResolve };
  const service = await startService({ ...cfg, fetchAllowlist: [...cfg.fetchAllowlist, '127.0.0.1'], testResolve }, log);
  const { db } = service.ctx;
  const stop = async () => {
    await service.stop();
    await fixtures.close();
  };
  try {
    say('4/6 Registering the national films (frames → PDQ fingerprints)…');
    const filmIds: string[] = [];
    for (const f of DEMO_FILMS.filter((x) => x.registered)) {
      const m = media.film(f.key);
      const r = await registerFilm({ db, blobs: service.ctx.blobs, cfg: service.ctx.config, log }, {
        titleKk: f.titleKk, titleRu: f.titleRu, titleEn: f.titleEn, year: f.year, kinopoiskId: f.kinopoiskId,
        video: m.video, poster: m.poster, actor: 'demo',
      });
      say(`    ${f.titleKk} / ${f.titleRu} → ${r.filmId} (${r.fingerprints} fingerprints)`);
      filmIds.push(r.filmId);
    }
    const keys: Record<string, string> = {};
    const users: Record<string, { role: UserRole; key: string }> = {};
    for (const [name, role] of DEMO_USERS) {
      const { user, apiKey } = await createUser(db, { name, role, actor: 'demo' });
      keys[name] = apiKey;
      users[name] = { role, key: apiKey };
      // the rights holder holds every demo film: it may download their takedown packets
      if (role === 'rights_holder') for (const filmId of filmIds) await linkFilm(db, { userId: user.id, filmId, actor: 'demo' });
    }

    say('5/6 Crawling the pirate site and the Telegram channel through the queues; matching; publishing…');
    const web = await addSource(db, { kind: 'web', url: fixtures.listingUrl, profile: 'dle' });
    const tg = await addSource(db, { kind: 'telegram', url: fixtures.telegramUrl });
    const runId = `demo-${t0}`;
    await service.pipeline.crawlNow(web.id, runId, runId);
    await service.pipeline.crawlNow(tg.id, runId, runId);
    let state = await waitForPipeline(db, { sources: [web.id, tg.id], after: new Date(t0), timeoutMs: opts.timeoutMs ?? 300_000 });

    say('6/6 Investigators at work: two different approvals per blocked domain…');
    const api = service.url!;
    await approveAsTwoInvestigators(api, [keys.aigerim!, keys.daniyar!], say);
    state = await waitForPipeline(db, { sources: [web.id, tg.id], after: new Date(t0), timeoutMs: 30_000 });

    const urls: DemoUrls = {
      registry: `${api}/`, registryRu: `${api}/ru/`, registryEn: `${api}/en/`, registryJson: `${api}/registry.json`,
      hosts: `${api}/feeds/hosts.txt`, rpz: `${api}/feeds/rpz.zone`, delist: `${api}/api/delist`, review: `${api}/review`,
      portal: `${api}/portal`, dashboard: `${api}/portal/dashboard`,
      health: `${api}/health`, pirateSite: fixtures.listingUrl, telegram: fixtures.telegramUrl,
    };
    fs.writeFileSync(path.join(cfg.dataDir, 'demo-keys.json'), JSON.stringify(users, null, 2), { mode: 0o600 });
    if (state.pendingReview > 0) {
      say(`    ${state.pendingReview} match(es) wait for an investigator (a poster alone never confirms a match):`);
      say(`    open ${api}/review and paste aigerim's API key from ${path.join(cfg.dataDir, 'demo-keys.json')}`);
    }
    say(`    the rights holders' portal ${api}/portal signs in with kazakhfilm's key (same file): films, uploads, dashboard`);
    say(`Done in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
    return { service, state, urls, keys, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
