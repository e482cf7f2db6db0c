// Waits until the pipeline has settled for a set of sources: crawled, every candidate with media matched,
// every confirmed match published and packed. Throws with the state reached on timeout.
import type { Db } from '../storage/db.ts';
import { pipelineState, type PipelineState } from '../storage/progress.ts';

export function settled(s: PipelineState, sourceCount: number): boolean {
  return s.crawled === sourceCount && s.matched >= s.withMedia && s.packets >= s.confirmed && s.delisted >= s.confirmed;
}

export async function waitForPipeline(db: Db, opts: { sources: string[]; after: Date; timeoutMs: number }): Promise<PipelineState> {
  const deadline = Date.now() + opts.timeoutMs;
  let s = await pipelineState(db, opts.sources, opts.after);
  while (!settled(s, opts.sources.length)) {
    if (Date.now() > deadline) throw new Error(`the pipeline did not settle within ${opts.timeoutMs / 1000} s: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 250));
    s = await pipelineState(db, opts.sources, opts.after);
  }
  return s;
}
