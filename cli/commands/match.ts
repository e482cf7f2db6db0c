// kuzet match — match a video (file or http(s) URL of an MP4/HLS stream) or an image against the film bank.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { forComponent } from '../../config/log.ts';
import { loadLocalCv } from '../../matcher/local/cv.ts';
import { decidedByLocal, type Refusal } from '../../matcher/local/stage.ts';
import { createLocalStage } from '../../matcher/local/store.ts';
import { matchMedia, type MatchResult } from '../../matcher/match.ts';
import { createEgress } from '../../net/egress.ts';
import { policyFromConfig } from '../../net/fetch.ts';
import { guardMediaInput } from '../../net/hls-guard.ts';
import { createFilmBankStore } from '../../storage/film-bank.ts';
import { UsageError, type Command, withStore } from '../command.ts';

const match: Command = {
  path: ['match'],
  summary: 'match a video or image against the registered films',
  usage: 'kuzet match (--video FILE_OR_URL | --image FILE) [--evidence-out PNG] [--json]',
  async run(argv, env) {
    const { values: v } = parseArgs({ args: argv, options: { video: { type: 'string' }, image: { type: 'string' }, 'evidence-out': { type: 'string' }, json: { type: 'boolean' } } });
    if (!v.video === !v.image) throw new UsageError('give exactly one of --video or --image');
    // a URL goes through the same SSRF guard as the workers before ffmpeg may open it, and ffmpeg through the egress
    const policy = policyFromConfig(env.config);
    if (v.video) await guardMediaInput(policy, v.video);
    return withStore(env, async (ctx) => {
      const th = { match: ctx.config.matchThreshold, review: ctx.config.reviewThreshold };
      const query = v.video ? { video: v.video } : { image: v.image! };
      const cfg = { ...ctx.config, egress: createEgress(policy) };
      // with LOCAL_FEATURES, videos get the local-feature stage (issue 13) when pictures and audio give no `match`;
      // result.stage says who decided
      const cv = v.video && ctx.config.localFeatures ? await loadLocalCv().catch((e: Error) => (ctx.log.warn({ err: e.message }, 'local-feature stage unavailable'), null)) : null;
      const local = cv ? createLocalStage(cv, ctx.db, ctx.blobs, ctx.config) : undefined;
      const { evidencePng, evidencePngs: _frames, ...result } = await matchMedia({ bank: createFilmBankStore(ctx.db), cfg, log: forComponent(ctx.log, 'matcher'), ...(local ? { local } : {}) }, query, th);
      if (v['evidence-out'] && evidencePng) fs.writeFileSync(v['evidence-out'], evidencePng);
      if (v.json) env.io.out(JSON.stringify(result));
      else {
        env.io.out(verdictLine(result));
      }
      return 0;
    });
  },
};

export default match;

/** why a lead of the local stage is not a `match`, by the rule that refused it (matcher/local/stage.ts) */
const LEAD_WHY: Record<Refusal, string> = {
  pinned: 'too short for the offset to prove anything',
  shared: 'the film shares its picture with another registered film',
  still: 'every frame shows one picture of the film, as footage of the same place would',
  unconfirmed: 'the moving parts of the picture do not agree with the film, as in other footage of the same set',
};

/** The text output: decision, film, how close — local features decide without a picture-hash score, so their matches
 * and leads say what was seen instead of "score 0.000" — offset, frames, and who decided. */
export function verdictLine(result: Pick<MatchResult, 'decision' | 'best' | 'stage' | 'local'>): string {
  const b = result.best;
  const l = result.local;
  const byLocal = !!b && !!l && decidedByLocal(result, b.filmId);
  const how = b ? (byLocal ? `local features, ${l!.agreeingFrames} frames agreeing` : `score ${b.score.toFixed(3)}`) : '';
  const why = byLocal && result.stage !== 'local' ? ` (a lead, not a match: ${LEAD_WHY[l!.refused ?? 'shared']})` : '';
  return `${result.decision}${b ? `: ${b.filmId} ${how} offset ${b.offsetSeconds ?? '-'} s, ${b.matchedFrames} frames` : ''}${result.stage ? ` (by ${result.stage})` : ''}${why}`;
}
