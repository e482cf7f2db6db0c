// kuzet films rehash — re-fingerprint reference videos hashed with an older recipe (matcher/rehash.ts); with
// LOCAL_FEATURES on, also compute the local features (issue 13) of video assets that have none or an older recipe's
// (matcher/local/rehash.ts).
import { parseArgs } from 'node:util';
import { forComponent } from '../../config/log.ts';
import { REF_RECIPE } from '../../matcher/register.ts';
import { rehashAsset, staleVideoAssets, type RehashResult } from '../../matcher/rehash.ts';
import { loadLocalCv } from '../../matcher/local/cv.ts';
import { LOCAL_RECIPE } from '../../matcher/local/features.ts';
import { addLocalFeatures, assetsWithoutLocal, type LocalRehashResult } from '../../matcher/local/rehash.ts';
import { type Command, withStore } from '../command.ts';

const filmsRehash: Command = {
  path: ['films', 'rehash'],
  summary: 're-fingerprint films whose reference video was hashed with an older recipe (after a matcher upgrade); with LOCAL_FEATURES, add missing local features',
  usage: 'kuzet films rehash [--film ID] [--dry-run] [--json]',
  async run(argv, env) {
    const { values: v } = parseArgs({ args: argv, options: { film: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } } });
    return withStore(env, async (ctx) => {
      const stale = await staleVideoAssets(ctx.db, v.film);
      const results: RehashResult[] = [];
      const log = forComponent(ctx.log, 'hasher');
      const deps = { db: ctx.db, blobs: ctx.blobs, cfg: ctx.config, log };
      if (!v['dry-run']) {
        for (const a of stale) results.push(await rehashAsset(deps, a, 'cli'));
      }
      // local features (LOCAL_FEATURES on): OpenCV loaded once for the run; without it every asset is reported skipped
      const missing = ctx.config.localFeatures ? await assetsWithoutLocal(ctx.db, v.film) : [];
      const localResults: LocalRehashResult[] = [];
      if (missing.length && !v['dry-run']) {
        const cv = await loadLocalCv().catch((e: Error) => (log.warn({ err: e.message }, 'no local features: OpenCV unavailable'), e));
        for (const a of missing) {
          localResults.push(cv instanceof Error ? { assetId: a.assetId, filmId: a.filmId, status: 'skipped', reason: `OpenCV unavailable: ${cv.message}` } : await addLocalFeatures({ ...deps, local: cv }, a, 'cli'));
        }
      }
      const local = ctx.config.localFeatures ? { recipe: LOCAL_RECIPE, missing: missing.map(({ blobPath: _b, ...a }) => a), results: localResults } : null;
      if (v.json) {
        env.io.out(JSON.stringify({ recipe: REF_RECIPE, stale: stale.map(({ blobPath: _b, ...a }) => a), results, ...(local ? { local } : {}) }));
      } else {
        env.io.out(`current recipe: ${REF_RECIPE}; ${stale.length} video asset(s) with an older one`);
        for (const a of stale) {
          const r = results.find((x) => x.assetId === a.assetId);
          const what = !r ? `recipe ${a.recipe ?? '(none recorded)'}` : r.status === 'rehashed' ? `rehashed: ${r.before} → ${r.after} fingerprints` : `skipped: ${r.reason}`;
          env.io.out(`  ${a.filmId}  ${a.titleRu}  ${what}`);
        }
        if (local) {
          env.io.out(`local features (${LOCAL_RECIPE}): ${missing.length} video asset(s) without them`);
          for (const a of missing) {
            const r = localResults.find((x) => x.assetId === a.assetId);
            const what = !r ? (a.localRecipe ? `recipe ${a.localRecipe}` : 'none') : r.status === 'added' ? `added: ${r.keyframes} keyframes, ${r.bytes} bytes` : `skipped: ${r.reason}`;
            env.io.out(`  ${a.filmId}  ${a.titleRu}  ${what}`);
          }
        }
      }
      return results.some((r) => r.status === 'skipped' && r.reason !== 'already current') || localResults.some((r) => r.status === 'skipped') ? 1 : 0;
    });
  },
};

export default filmsRehash;
