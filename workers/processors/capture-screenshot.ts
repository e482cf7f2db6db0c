// evidence.screenshot.v1 — a full-page screenshot of a candidate revision's page (evidence/screenshot.ts), on its own
// job so it never holds up matching. A page that cannot be shot (timeout, refused, too large, no Chromium) is recorded
// as a failed part with its reason and the job still succeeds, so the capture (WARC, WACZ) follows without it.
// Once a revision has its screenshot, the job does nothing more.
import type { Logger } from 'pino';
import type { Screenshot } from '../../evidence/screenshot.ts';
import type { CandidateStore } from '../../storage/candidates.ts';
import type { CapturePart, CaptureRow, recordCapture } from '../../storage/evidence-capture.ts';
import type { JobPayload } from '../jobs.ts';
import { PermanentError, type Outcome } from '../outcome.ts';

export interface ScreenshotJobDeps {
  candidates: Pick<CandidateStore, 'get' | 'saveEvidence'>;
  captures: {
    get(candidateId: string, revision: string): Promise<Partial<Record<CapturePart, CaptureRow>>>;
    record(c: Parameters<typeof recordCapture>[1]): Promise<void>;
  };
  /** absent when Chromium is not installed or screenshots are turned off */
  shoot?: (url: string) => Promise<Screenshot>;
  /** why there is no `shoot`, recorded as the failed part's reason */
  unavailable?: string;
  log: Logger;
}

export type ScreenshotOutcome = Outcome<{ candidateId: string; revision: string; screenshot: 'done' | 'failed' | 'already' }>;

export async function captureScreenshotJob(deps: ScreenshotJobDeps, p: JobPayload['evidence.screenshot.v1']): Promise<ScreenshotOutcome> {
  const base = { candidateId: p.candidateId, revision: p.revision };
  const done = await deps.captures.get(p.candidateId, p.revision);
  if (done.screenshot?.status === 'done') return { status: 'done', ...base, screenshot: 'already' };
  const cand = await deps.candidates.get(p.candidateId);
  if (!cand) throw new PermanentError(`candidate ${p.candidateId} does not exist`);
  if (!deps.shoot) {
    await deps.captures.record({ ...base, part: 'screenshot', status: 'failed', reason: deps.unavailable ?? 'no browser for screenshots on this workers host' });
    return { status: 'done', ...base, screenshot: 'failed' };
  }
  let shot: Screenshot;
  try {
    shot = await deps.shoot(cand.url);
  } catch (e) {
    const reason = (e as Error).message.split('\n')[0]!.slice(0, 500);
    await deps.captures.record({ ...base, part: 'screenshot', status: 'failed', reason, meta: { at: new Date().toISOString() } });
    deps.log.warn({ ...base, url: cand.url, err: reason }, 'screenshot failed; recorded with its reason');
    return { status: 'done', ...base, screenshot: 'failed' };
  }
  const meta = { revision: p.revision, width: shot.width, height: shot.height, pageHeight: shot.pageHeight, clipped: shot.clipped, finalUrl: shot.finalUrl, title: shot.title, at: shot.at.toISOString(), blocked: shot.blocked.slice(0, 50) };
  const ev = await deps.candidates.saveEvidence({ candidateId: cand.id, kind: 'screenshot', data: shot.data, ext: shot.ext, url: cand.url, mediaType: shot.mediaType, meta });
  await deps.captures.record({ ...base, part: 'screenshot', status: 'done', evidenceId: ev.id, meta });
  deps.log.info({ ...base, bytes: shot.data.length, height: shot.height, clipped: shot.clipped }, 'screenshot captured');
  return { status: 'done', ...base, screenshot: 'done' };
}
