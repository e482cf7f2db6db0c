// kuzet films rehash — re-fingerprint reference videos hashed with an older recipe (matcher/rehash.ts).
import { parseArgs } from 'node:util';
import { forComponent } from '../../config/log.ts';
import { REF_RECIPE } from '../../matcher/register.ts';
import { rehashAsset, staleVideoAssets, type RehashResult } from '../../matcher/rehash.ts';
import { type Command, withStore } from '../command.ts';

const filmsRehash: Command = {
  path: ['films', 'rehash'],
  summary: 're-fingerprint films whose reference video was hashed with an older recipe (after a matcher upgrade)',
  usage: 'kuzet films rehash [--film ID] [--dry-run] [--json]',
  async run(argv, env) {
    const { values: v } = parseArgs({ args: argv, options: { film: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } } });
    return withStore(env, async (ctx) => {
      const stale = await staleVideoAssets(ctx.db, v.film);
      const results: RehashResult[] = [];
      if (!v['dry-run']) {
        const deps = { db: ctx.db, blobs: ctx.blobs, cfg: ctx.config, log: forComponent(ctx.log, 'hasher') };
        for (const a of stale) results.push(await rehashAsset(deps, a, 'cli'));
      }
      if (v.json) {
        env.io.out(JSON.stringify({ recipe: REF_RECIPE, stale: stale.map(({ blobPath: _b, ...a }) => a), results }));
      } else {
        env.io.out(`current recipe: ${REF_RECIPE}; ${stale.length} video asset(s) with an older one`);
        for (const a of stale) {
          const r = results.find((x) => x.assetId === a.assetId);
          const what = !r ? `recipe ${a.recipe ?? '(none recorded)'}` : r.status === 'rehashed' ? `rehashed: ${r.before} → ${r.after} fingerprints` : `skipped: ${r.reason}`;
          env.io.out(`  ${a.filmId}  ${a.titleRu}  ${what}`);
        }
      }
      return results.some((r) => r.status === 'skipped' && r.reason !== 'already current') ? 1 : 0;
    });
  },
};

export default filmsRehash;
