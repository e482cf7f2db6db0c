// A film registered after candidates were crawled: the bank watcher queues a paged rematch of what was seen before.
import { afterEach, describe, expect, it } from 'vitest';
import { candidateStore, upsertCandidate } from '../../storage/candidates.ts';
import type { Db } from '../../storage/db.ts';
import { followUps, pipelineEntries } from '../../workers/pipeline.ts';
import { rematchBankJob as rematchBank } from '../../workers/processors/rematch-bank.ts';
import { bankWatcher } from '../../workers/scheduler.ts';
import { freshPglite } from '../kit/db.ts';
import { silentLog } from '../kit/log.ts';

const log = silentLog();

describe('rematch when the film bank changes', () => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('pages through candidates with media and chains the next page', async () => {
    const d = (db = await freshPglite());
    for (const n of [1, 2, 3]) await upsertCandidate(d, { sourceId: null, url: `https://p.example/${n}`, kind: 'detail', streams: [`https://p.example/${n}.m3u8`] });
    await upsertCandidate(d, { sourceId: null, url: 'https://p.example/no-media', kind: 'detail' });
    const first = await rematchBank({ candidates: candidateStore({ db: d, blobs: null as never }), log, pageSize: 2 }, { checkpoint: 'cp2', after: '' });
    if (first.status !== 'done') throw new Error('expected done');
    expect(first.candidates).toHaveLength(2);
    expect(first.candidates.every((c) => c.revision.endsWith('-cp2'))).toBe(true);
    const next = followUps('rematch.bank.v1', { checkpoint: 'cp2', after: '' }, first);
    expect(next.map((f) => [f.name, f.payloads.length])).toEqual([['match.candidate.v1', 2], ['rematch.bank.v1', 1]]);
    const second = await rematchBank({ candidates: candidateStore({ db: d, blobs: null as never }), log, pageSize: 2 }, next[1]!.payloads[0] as { checkpoint: string; after: string });
    if (second.status !== 'done') throw new Error('expected done');
    expect(second.candidates).toHaveLength(1);
    expect(second.next).toBeNull();
    const ids = [...first.candidates, ...second.candidates].map((c) => c.candidateId);
    expect(new Set(ids).size).toBe(3);
    expect(followUps('rematch.bank.v1', { checkpoint: 'cp2', after: 'x' }, second).map((f) => f.name)).toEqual(['match.candidate.v1']);
  });

  it('the watcher queues once per checkpoint', async () => {
    const queued: unknown[] = [];
    const pipeline = pipelineEntries(async (name, payload) => void queued.push([name, payload]));
    let cp = 'cp1';
    const watch = bankWatcher({ checkpoint: async () => cp, pipeline, log });
    expect(await watch()).toBe(true);
    expect(await watch()).toBe(false);
    cp = 'cp2';
    expect(await watch()).toBe(true);
    expect(queued).toEqual([['rematch.bank.v1', { checkpoint: 'cp1', after: '' }], ['rematch.bank.v1', { checkpoint: 'cp2', after: '' }]]);
  });
});
