// Runs a job and its follow-ups in this process, without Redis: the same processors and the same pipeline
// graph as the queue workers (used by `kuzet crawl --once` and by tests). Duplicate job ids run once.
import { jobIdFor, parsePayload, type JobName, type JobPayload } from './jobs.ts';
import { followUps, type OutcomeOf } from './pipeline.ts';
import type { Processors } from './runtime.ts';

export interface InlineRun {
  name: JobName;
  jobId: string;
  outcome?: unknown;
  error?: string;
}

export async function runInline<N extends JobName>(processors: Processors, name: N, payload: JobPayload[N], done = new Set<string>()): Promise<InlineRun[]> {
  const jobId = jobIdFor(name, payload);
  if (done.has(jobId)) return [];
  done.add(jobId);
  const data = parsePayload(name, payload);
  let outcome: OutcomeOf[N];
  try {
    outcome = await (processors[name] as (p: JobPayload[N]) => Promise<OutcomeOf[N]>)(data);
  } catch (e) {
    return [{ name, jobId, error: (e as Error).message }];
  }
  const runs: InlineRun[] = [{ name, jobId, outcome }];
  for (const f of followUps(name, data, outcome)) {
    for (const p of f.payloads) runs.push(...(await runInline(processors, f.name, p as never, done)));
  }
  return runs;
}
