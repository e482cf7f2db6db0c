// Crawl error taxonomy (crawlee's classes): NonRetryableError for pages that will not get better (404/410,
// SSRF refusal, oversize), SessionError for captcha/blocking (retried on a new session), CriticalError stops
// the whole crawl (bad configuration).
import { CriticalError, NonRetryableError, SessionError } from 'crawlee';
import { FetchError, FetchRefused } from '../net/errors.ts';

export { CriticalError, NonRetryableError, SessionError };

/** Maps a net/ error to what crawlee should do with it. */
export function toCrawlError(e: unknown): Error {
  if (e instanceof FetchRefused) return new NonRetryableError(e.message);
  if (e instanceof FetchError) {
    if (e.status === 429 || e.status === 403) return new SessionError(e.message);
    return e.permanent ? new NonRetryableError(e.message) : e;
  }
  return e instanceof Error ? e : new Error(String(e));
}

/** Thrown by a route when userData fails its schema: a programming error, not worth retrying. */
export class RouteDataError extends NonRetryableError {}
