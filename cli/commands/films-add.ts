// kuzet films add — register a national film with its title data (films/meta.ts): with --video its master video (and
// poster) is fingerprinted into the bank; without, the film is protected by metadata only until a video follows
// (a later `films add --video` with the same --state-register-no attaches it to that film).
import { parseArgs } from 'node:util';
import { forComponent } from '../../config/log.ts';
import { META_COLUMNS, META_KEYS, validateFilmMeta, type MetaKey } from '../../films/meta.ts';
import { upsertFilm } from '../../films/upsert.ts';
import { loadLocalCv } from '../../matcher/local/cv.ts';
import { registerFilm } from '../../matcher/register.ts';
import { getFilmRecord } from '../../storage/films.ts';
import { parseLicensedPlatform, setLicensedPlatforms } from '../../storage/licensed-platforms.ts';
import { UsageError, type Command, withStore } from '../command.ts';

/** --title-kk, --state-register-no, … : one option per column of the title data; --alt-title repeats. */
const optionOf = (k: MetaKey) => (k === 'altTitles' ? 'alt-title' : META_COLUMNS[k].replace(/_/g, '-'));
const META_OPTIONS = Object.fromEntries(META_KEYS.map((k) => [optionOf(k), k === 'altTitles' ? { type: 'string', multiple: true } : { type: 'string' }])) as Record<string, { type: 'string'; multiple?: boolean }>;

const filmsAdd: Command = {
  path: ['films', 'add'],
  summary: 'register a national film (video + optional poster) in the film bank',
  usage: 'kuzet films add --title-ru T --title-kk T [--title-en T] [--original-title T] [--alt-title T]... [--year N] [--genre G] [--duration-min N] '
    + '[--state-register-no N] [--distribution-certificate N] [--distribution-certificate-date YYYY-MM-DD] [--national-film-certificate N] '
    + '[--eidr 10.5240/…] [--kinopoisk-id N] [--imdb-id ttNNNNNNN] [--rights-holder ORG] [--rights-holder-bin 12DIGITS] [--territory T] '
    + '[--rights-from DATE] [--rights-to DATE] [--notice-contact C] [--licensed-platform DOMAIN|@channel]... [--video FILE [--poster IMAGE]] [--json]',
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { ...META_OPTIONS, 'licensed-platform': { type: 'string', multiple: true }, video: { type: 'string' }, poster: { type: 'string' }, json: { type: 'boolean' } } });
    const v = values as Record<string, string | string[] | boolean | undefined>;
    const raw: Partial<Record<MetaKey, unknown>> = {};
    for (const k of META_KEYS) if (v[optionOf(k)] !== undefined) raw[k] = v[optionOf(k)];
    const { meta, errors } = validateFilmMeta(raw, { requireTitles: true });
    if (errors.length) throw new UsageError(errors.map((e) => `--${e.replace(/^([a-z_]+):/, (_, c: string) => c.replace(/_/g, '-') + ':')}`).join('; '));
    const platforms = (v['licensed-platform'] as string[] | undefined) ?? [];
    for (const p of platforms) {
      try { parseLicensedPlatform(p); } catch (e) { throw new UsageError(`--licensed-platform: ${(e as Error).message}`); }
    }
    const video = v.video as string | undefined;
    if (v.poster && !video) throw new UsageError('--poster needs --video (a film without a video is registered by its title data alone)');
    const { titleKk, titleRu } = meta as { titleKk: string; titleRu: string };
    return withStore(env, async (ctx) => {
      let out: { id: string; created: boolean; fingerprints: number; protection: string };
      if (video) {
        const r = await registerFilm(
          // local features (ORB keyframes) for the geometric stage of issue 13, stored with the fingerprints (LOCAL_FEATURES: off
          // by default until the stage meets its targets and runs in the workers)
          { db: ctx.db, blobs: ctx.blobs, cfg: ctx.config, log: forComponent(ctx.log, 'hasher'), ...(ctx.config.localFeatures ? await loadLocalCv().then((local) => ({ local }), (e: Error) => (ctx.log.warn({ err: e.message }, 'no local features: OpenCV unavailable'), {})) : {}) },
          { titleRu, titleKk, titleEn: meta.titleEn ?? undefined, year: meta.year ?? undefined, kinopoiskId: meta.kinopoiskId ?? undefined, imdbId: meta.imdbId ?? undefined, video, poster: v.poster as string | undefined, actor: 'cli', meta },
        );
        out = { id: r.filmId, created: r.created, fingerprints: r.fingerprints, protection: (await getFilmRecord(ctx.db, r.filmId))!.protection };
      } else {
        const r = await upsertFilm(ctx.db, meta, { actor: 'cli' });
        out = { id: r.filmId, created: r.status === 'created', fingerprints: 0, protection: (await getFilmRecord(ctx.db, r.filmId))!.protection };
      }
      if (platforms.length) await setLicensedPlatforms(ctx.db, { filmId: out.id, platforms, actor: 'cli' });
      if (v.json) env.io.out(JSON.stringify(out));
      else if (video) env.io.out(`${out.created ? 'registered' : 'already registered'}: ${out.id} (${out.fingerprints} fingerprints)`);
      else env.io.out(`${out.created ? 'registered' : 'updated'}: ${out.id} — no reference video yet: protected by metadata only (ids, titles); add one with --video and the same --state-register-no`);
      return 0;
    });
  },
};

export default filmsAdd;
