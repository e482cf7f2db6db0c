// SSRF-safe outbound HTTP on node:http/https. The address is checked at CONNECT time through a custom
// `lookup` (so a DNS answer cannot change between check and use: no rebinding window), IP literals are
// checked before connecting, every redirect hop is re-checked, bodies are capped while streaming and the
// whole exchange (all hops) has one deadline.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import { FetchError, FetchRefused } from './errors.ts';
import { addressVerdict, compileAllowlist, parseAddress, type Allowlist } from './guard.ts';
import { testResolver, type TestResolveTable } from './test-resolve.ts';

export { FetchError, FetchRefused } from './errors.ts';

/** Name resolution: every address a name has (default: the system resolver, `dns.lookup` with all: true). */
export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export interface FetchPolicy {
  allowlist: string[];
  maxBytes: number;
  timeoutMs: number;
  userAgent: string;
  maxRedirects: number;
  /** a resolver port (tests answer differently per call); the address it gives is the address dialled */
  resolve?: Resolver;
  /** extra trusted CA certificates (PEM) for https, e.g. a test's self-signed server; the system roots stay trusted */
  ca?: string[];
}

const systemResolve: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export interface FetchInit {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  /** resolve with 4xx/5xx responses instead of throwing (default false) */
  allowErrorStatus?: boolean;
  /** a lower body cap than the policy's for this request */
  maxBytes?: number;
  /** at the cap, stop reading and return what arrived (`truncated: true`) instead of throwing */
  truncate?: boolean;
}

export interface FetchResult {
  status: number;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  contentType: string;
  /** every URL visited, first to final */
  redirects: string[];
  /** the body stopped at the cap (FetchInit.truncate) */
  truncated?: boolean;
  /** what the final hop's socket saw, kept as evidence (evidence/warc.ts): the request as sent, the peer, its certificate */
  exchange?: ExchangeFacts;
}

export interface ExchangeFacts {
  requestHeaders: Record<string, string>;
  httpVersion: string;
  statusText: string;
  /** the address the socket was connected to: the one the guarded lookup checked */
  remoteAddress: string | null;
  remotePort: number | null;
  /** DER of the server's leaf certificate (https only) */
  certDer?: Buffer;
  /** when the response head arrived */
  at: Date;
}

/** Builds the policy from AppConfig fields. */
export function policyFromConfig(cfg: { fetchAllowlist: string[]; fetchMaxBytes: number; fetchTimeoutMs: number; crawlUserAgent: string; testResolve?: TestResolveTable; nodeEnv?: string }, maxRedirects = 5): FetchPolicy {
  const policy: FetchPolicy = { allowlist: cfg.fetchAllowlist, maxBytes: cfg.fetchMaxBytes, timeoutMs: cfg.fetchTimeoutMs, userAgent: cfg.crawlUserAgent, maxRedirects };
  // TEST_RESOLVE (tests, the demo): named fixture hosts; every path out (fetch, egress proxy, crawler) takes this resolver
  if (cfg.testResolve && Object.keys(cfg.testResolve).length) policy.resolve = testResolver(cfg.testResolve, { nodeEnv: cfg.nodeEnv });
  return policy;
}

/** Scheme + literal-IP check; throws FetchRefused. Returns the parsed URL. */
export function checkUrl(list: Allowlist, raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new FetchRefused(`not a valid URL: ${raw}`, raw);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FetchRefused(`scheme ${u.protocol} is not allowed (only http and https)`, raw);
  if (u.username || u.password) throw new FetchRefused('URLs with credentials are not allowed', raw);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (parseAddress(host)) {
    const reason = addressVerdict(list, host, host);
    if (reason) throw new FetchRefused(`refused ${raw}: ${reason}`, raw);
  }
  return u;
}

/** For callers that hand URLs to other programs (ffmpeg): scheme, literal and DNS check now. */
export async function assertPublicUrl(policy: Pick<FetchPolicy, 'allowlist' | 'resolve'>, url: string): Promise<void> {
  const list = compileAllowlist(policy.allowlist);
  const u = checkUrl(list, url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (parseAddress(host)) return;
  const addrs = await (policy.resolve ?? systemResolve)(host).catch((e: Error) => {
    throw new FetchError(`cannot resolve ${host}: ${e.message}`, url, false);
  });
  for (const a of addrs) {
    const reason = addressVerdict(list, host, a.address);
    if (reason) throw new FetchRefused(`refused ${url}: ${reason}`, url);
  }
}

/**
 * A dns lookup that refuses forbidden answers; used by the socket itself, so the checked IP is the dialled IP.
 * `extra` may refuse more (the egress proxy refuses its own listening ports).
 */
export function guardedLookup(list: Allowlist, resolve: Resolver = systemResolve, extra?: (address: string) => string | null): LookupFunction {
  return (hostname, options, callback) => {
    const fail = (e: NodeJS.ErrnoException) => callback(e, '', 4);
    resolve(hostname).then((addresses) => {
      const wanted = addresses.filter((a) => !options.family || a.family === options.family);
      for (const a of wanted) {
        const reason = addressVerdict(list, hostname, a.address) ?? extra?.(a.address) ?? null;
        if (reason) return fail(Object.assign(new FetchRefused(`refused: ${reason}`, hostname), { code: 'ESSRF' }));
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, wanted);
      const first = wanted[0];
      if (!first) return fail(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }));
      callback(null, first.address, first.family);
    }, (e: NodeJS.ErrnoException) => fail(e));
  };
}

function oneHop(list: Allowlist, policy: FetchPolicy, u: URL, init: FetchInit, signal: AbortSignal) {
  const cap = Math.min(policy.maxBytes, init.maxBytes ?? Infinity);
  const requestHeaders = { 'user-agent': policy.userAgent, accept: '*/*', ...init.headers };
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; truncated: boolean; exchange: ExchangeFacts }>((resolve, reject) => {
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(
      u,
      {
        method: init.method ?? 'GET',
        headers: requestHeaders,
        lookup: guardedLookup(list, policy.resolve),
        signal,
        agent: false,
        ...(policy.ca && u.protocol === 'https:' ? { ca: [...tls.rootCertificates, ...policy.ca] } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const exchange = exchangeOf(res, { host: u.host, ...requestHeaders });
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          return resolve({ status, headers: res.headers, body: Buffer.alloc(0), truncated: false, exchange });
        }
        const declared = Number(res.headers['content-length'] ?? NaN);
        if (declared > cap && !init.truncate) {
          res.destroy();
          return reject(new FetchError(`body of ${u.href} is ${declared} bytes, over the ${cap}-byte limit`, u.href, true, status));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= cap) return void chunks.push(c);
          res.destroy();
          req.destroy();
          if (!init.truncate) return reject(new FetchError(`body of ${u.href} exceeded the ${cap}-byte limit while streaming`, u.href, true, status));
          chunks.push(c.subarray(0, c.length - (size - cap)));
          resolve({ status, headers: res.headers, body: Buffer.concat(chunks), truncated: true, exchange });
        });
        res.on('end', () => resolve({ status, headers: res.headers, body: Buffer.concat(chunks), truncated: false, exchange }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export async function safeFetch(policy: FetchPolicy, url: string, init: FetchInit = {}): Promise<FetchResult> {
  const list = compileAllowlist(policy.allowlist);
  const signal = AbortSignal.timeout(policy.timeoutMs);
  const seen: string[] = [];
  let current = checkUrl(list, url);
  for (;;) {
    if (seen.includes(current.href)) throw new FetchError(`redirect loop at ${current.href} (after ${seen.length} hops)`, url, true);
    seen.push(current.href);
    let hop;
    try {
      hop = await oneHop(list, policy, current, init, signal);
    } catch (e) {
      throw normalise(e, current.href, policy, signal);
    }
    if (hop.status >= 300 && hop.status < 400 && hop.headers.location) {
      if (seen.length > policy.maxRedirects) throw new FetchError(`too many redirects (> ${policy.maxRedirects}) from ${url}`, url, true);
      current = checkUrl(list, new URL(hop.headers.location, current).href);
      continue;
    }
    const contentType = String(hop.headers['content-type'] ?? '');
    if (hop.status >= 400 && !init.allowErrorStatus) {
      const permanent = hop.status === 404 || hop.status === 410 || hop.status === 451 || hop.status === 401 || hop.status === 403;
      throw new FetchError(`HTTP ${hop.status} from ${current.href}`, current.href, permanent, hop.status);
    }
    return { status: hop.status, url: current.href, headers: hop.headers, body: hop.body, contentType, redirects: seen, ...(hop.truncated ? { truncated: true } : {}), exchange: hop.exchange };
  }
}

function exchangeOf(res: http.IncomingMessage, requestHeaders: Record<string, string>): ExchangeFacts {
  const sock = res.socket as (TLSSocket & { encrypted?: boolean }) | null;
  const cert = sock?.encrypted ? sock.getPeerCertificate() : null;
  return {
    requestHeaders, httpVersion: res.httpVersion, statusText: res.statusMessage ?? '',
    remoteAddress: sock?.remoteAddress ?? null, remotePort: sock?.remotePort ?? null,
    ...(cert?.raw ? { certDer: cert.raw } : {}), at: new Date(),
  };
}

function normalise(e: unknown, url: string, policy: FetchPolicy, signal: AbortSignal): Error {
  if (e instanceof FetchRefused || e instanceof FetchError) return e;
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ESSRF') return new FetchRefused(err.message.replace(/^refused: /, `refused ${url}: `), url);
  if (signal.aborted || err?.name === 'AbortError' || err?.name === 'TimeoutError')
    return new FetchError(`timed out after ${policy.timeoutMs} ms fetching ${url}`, url, false);
  const permanent = err?.code === 'ENOTFOUND' || err?.code === 'ERR_INVALID_URL';
  return new FetchError(`network error fetching ${url}: ${err?.code ?? ''} ${err?.message ?? String(e)}`.trim(), url, permanent);
}
