// evidence.screenshot.v1 with strict fakes: a revision already shot is not shot again; a failure (or no browser) is
// recorded as a failed part with its reason and the job still succeeds (the capture follows); a missing candidate stops.
import { describe, expect, it } from 'vitest';
import { captureScreenshotJob, type ScreenshotJobDeps } from '../../workers/processors/capture-screenshot.ts';
import { followUps } from '../../workers/pipeline.ts';
import { silentLog } from '../kit/log.ts';

function fakes(over: Partial<ScreenshotJobDeps> = {}, done = false) {
  const recorded: unknown[] = [];
  const saved: unknown[] = [];
  const deps: ScreenshotJobDeps = {
    candidates: {
      get: async (id) => (id === 'cand_1' ? ({ id, url: 'https://kino-pirate.test/films/kelin.html' } as never) : null),
      saveEvidence: async (e) => (saved.push(e), { id: 'ev_1', sha256: 'x' }),
    },
    captures: {
      get: async () => (done ? { screenshot: { status: 'done' } as never } : {}),
      record: async (c) => void recorded.push(c),
    },
    log: silentLog(),
    ...over,
  };
  return { deps, recorded, saved };
}

const p = { candidateId: 'cand_1', revision: 'r1' };

describe('captureScreenshotJob', () => {
  it('records a failed shot with the first line of its reason, succeeds, and the graph still runs the capture', async () => {
    const { deps, recorded, saved } = fakes({ shoot: async () => { throw new Error('page.goto: net::ERR_CONNECTION_REFUSED at https://kino-pirate.test/\nCall log: …'); } });
    const out = await captureScreenshotJob(deps, p);
    expect(out).toEqual({ status: 'done', candidateId: 'cand_1', revision: 'r1', screenshot: 'failed' });
    expect(recorded).toEqual([expect.objectContaining({ part: 'screenshot', status: 'failed', reason: 'page.goto: net::ERR_CONNECTION_REFUSED at https://kino-pirate.test/' })]);
    expect(saved).toEqual([]);
    expect(followUps('evidence.screenshot.v1', p, out)).toEqual([{ name: 'evidence.capture.v1', payloads: [{ candidateId: 'cand_1', revision: 'r1', correlationId: undefined }] }]);
  });

  it('without a browser the reason says why (not installed, or turned off)', async () => {
    const { deps, recorded } = fakes({ unavailable: 'screenshots are turned off (EVIDENCE_SCREENSHOTS=false)' });
    expect((await captureScreenshotJob(deps, p)).status).toBe('done');
    expect(recorded).toEqual([expect.objectContaining({ status: 'failed', reason: 'screenshots are turned off (EVIDENCE_SCREENSHOTS=false)' })]);
  });

  it('a revision already shot is not shot again; a missing candidate is a permanent error', async () => {
    let shots = 0;
    const { deps } = fakes({ shoot: async () => { shots++; throw new Error('not expected'); } }, true);
    expect(await captureScreenshotJob(deps, p)).toMatchObject({ screenshot: 'already' });
    expect(shots).toBe(0);
    const { deps: d2 } = fakes();
    await expect(captureScreenshotJob(d2, { candidateId: 'cand_gone', revision: 'r' })).rejects.toMatchObject({ permanent: true });
  });
});
