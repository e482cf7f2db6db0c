// Errors of outbound fetching. `permanent` tells a queue whether retrying can help (BullMQ UnrecoverableError).

/** The request was refused by policy before or while connecting (SSRF guard, scheme, redirect rules). */
export class FetchRefused extends Error {
  readonly permanent = true;
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
    this.name = 'FetchRefused';
  }
}

/** The request was attempted and failed (network, timeout, size limit, HTTP status). */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly permanent: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}
