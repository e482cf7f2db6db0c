// What processors return and throw. Success and "skipped" are values; failure is thrown:
// a plain Error is retried with backoff, a PermanentError (or anything with permanent=true) stops.
export type Outcome<T extends object = object> = ({ status: 'done' } & T) | { status: 'skipped'; reason: string };

export class PermanentError extends Error {
  readonly permanent = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

export function isPermanent(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { permanent?: unknown }).permanent === true;
}
