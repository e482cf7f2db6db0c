// Two investigators at work through the real HTTP API while the faults happen: they review the matches waiting
// for a human (by the ground truth: approve a registered film's page unless the plan says reject) and both approve
// every registry proposal. Requests that fail (API, database or Redis down) are tried again on the next round;
// every decision that got an answer is recorded, so the checks can find its effect.
import type { Expected } from './plan.ts';

export interface Decision {
  kind: 'review' | 'registry';
  /** match id or registry entry id */
  subject: string;
  user: 'inv1' | 'inv2';
  verdict: 'approve' | 'reject';
  /** what the API answered: the match / entry status after the decision */
  status: string;
  /** review: whether the publish job was queued at once (false: the publish sweep must do it) */
  queued?: boolean;
}

interface Keys { inv1: string; inv2: string }

class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function call<T>(api: string, key: string, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${api}${route}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (!res.ok) throw new ApiError(res.status, `${method} ${route} → ${res.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

export interface Investigators {
  decisions: Decision[];
  /** API calls that failed and were tried again later (outages) */
  retries: number;
  lastError: string | null;
  /** one round: decide what waits; returns how many decisions were taken */
  round(): Promise<number>;
}

/** `secondMayApprove`: when the second investigator may approve registry proposals (the faults run holds them until
 * after the Redis restart, so a domain is activated in the middle of the run while its evidence keeps growing). */
export function investigators(api: string, keys: Keys, truth: Map<string, Expected>, secondMayApprove: () => boolean = () => true): Investigators {
  const state: Investigators = { decisions: [], retries: 0, lastError: null, round: async () => 0 };
  const done = new Set<string>();
  const attempt = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (e) {
      state.retries++;
      state.lastError = (e as Error).message;
      return undefined;
    }
  };
  state.round = async () => {
    let n = 0;
    const reviews = await attempt(() => call<{ items: Array<{ matchId: string; candidateUrl: string; filmId: string | null }> }>(api, keys.inv1, 'GET', '/api/reviews'));
    for (const r of reviews?.items ?? []) {
      const key = `review:${r.matchId}`;
      if (done.has(key)) continue;
      const t = truth.get(r.candidateUrl);
      const verdict = t && t.registered && !t.rejectOnReview && r.filmId ? 'approve' : 'reject';
      const out = await attempt(() => call<{ status: string; queued?: boolean }>(api, keys.inv1, 'POST', `/api/reviews/${r.matchId}`, { verdict, note: 'faults run' }));
      if (!out) continue;
      done.add(key);
      state.decisions.push({ kind: 'review', subject: r.matchId, user: 'inv1', verdict, status: out.status, queued: out.queued });
      n++;
    }
    const proposed = await attempt(() => call<{ items: Array<{ id: string; approvals: Array<{ userId: string; verdict: string }> }> }>(api, keys.inv1, 'GET', '/api/registry/proposed'));
    for (const e of proposed?.items ?? []) {
      // the first investigator at once, the second one later: two people, two requests apart
      const user = done.has(`registry:${e.id}:inv1`) ? 'inv2' : 'inv1';
      const key = `registry:${e.id}:${user}`;
      if (done.has(key) || (user === 'inv2' && !secondMayApprove())) continue;
      const out = await attempt(() => call<{ status: string }>(api, keys[user], 'POST', `/api/registry/${e.id}/decision`, { verdict: 'approve', note: 'faults run' }));
      if (!out) continue;
      done.add(key);
      state.decisions.push({ kind: 'registry', subject: e.id, user, verdict: 'approve', status: out.status });
      n++;
    }
    return n;
  };
  return state;
}
