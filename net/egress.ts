// The one way out for media and browser traffic. An Egress is made once per process from the fetch policy
// (createEgress, passed down as a port; nothing global) and offers two things:
// - `fetch`: the guarded fetch (safeFetch) for what Kuzet reads itself (playlists);
// - `session()`: a forward proxy on a fresh loopback port for one client run we do not control (one ffmpeg, one
//   Chromium). The client is told to use it (ffmpeg: the http_proxy environment variable, which every nested
//   http/https/tls open honours; Chromium: --proxy-server with loopback not bypassed). Each hop the client makes is
//   dialled through the connect-time address check (egress-proxy.ts), so redirects, playlist variants, playlists
//   that change between reads and DNS answers that change between lookups all meet the same check. The session
//   keeps its refusals, so the run's caller can fail with FetchRefused or report `blocked`.
// The proxy listens on 127.0.0.1 only and refuses to dial its own listeners, even when loopback is allowlisted.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { onConnect, onRequest, type ProxyContext } from './egress-proxy.ts';
import { FetchRefused } from './errors.ts';
import { safeFetch, type FetchInit, type FetchPolicy, type FetchResult } from './fetch.ts';
import { compileAllowlist, parseAddress } from './guard.ts';

export { REFUSED_HEADER } from './egress-proxy.ts';

export interface Refusal {
  /** the refused URL (http), or https://host:port/ (a CONNECT tunnel) */
  target: string;
  reason: string;
}

export interface EgressSession {
  /** http://127.0.0.1:PORT: what the client must use as its proxy */
  readonly url: string;
  readonly port: number;
  /** what was refused during this session (the first MAX_REFUSALS) */
  readonly refusals: readonly Refusal[];
  /** FetchRefused naming the first refusal, or null */
  refusedError(): FetchRefused | null;
  close(): Promise<void>;
}

export interface Egress {
  readonly policy: FetchPolicy;
  /** safeFetch under this egress's policy */
  fetch(url: string, init?: FetchInit): Promise<FetchResult>;
  /** a proxy listener for one client run; close it when the run ends */
  session(): Promise<EgressSession>;
}

const MAX_REFUSALS = 100;

/** loopback or unspecified: where a connection could reach one of our own listeners */
function isLocalAddress(address: string): boolean {
  const range = parseAddress(address)?.range();
  return range === 'loopback' || range === 'unspecified';
}

export function createEgress(policy: FetchPolicy): Egress {
  const list = compileAllowlist(policy.allowlist);
  const ports = new Set<number>();
  const selfCheck = (address: string, port: number) => (ports.has(port) && isLocalAddress(address) ? `${address}:${port} is the egress proxy itself` : null);

  async function session(): Promise<EgressSession> {
    const refusals: Refusal[] = [];
    const ctx: ProxyContext = { list, policy, selfCheck, refuse: (target, reason) => void (refusals.length < MAX_REFUSALS && refusals.push({ target, reason })) };
    const server = http.createServer(onRequest(ctx));
    server.on('connect', onConnect(ctx));
    server.on('upgrade', (_req, socket) => socket.destroy()); // WebSockets go through CONNECT
    const sockets = new Set<Socket>();
    server.on('connection', (s: Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    server.unref();
    const port = (server.address() as AddressInfo).port;
    ports.add(port);
    let closed: Promise<void> | null = null;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      refusals,
      refusedError: () => {
        const r = refusals[0];
        return r ? new FetchRefused(`refused ${r.target}: ${r.reason}${refusals.length > 1 ? ` (and ${refusals.length - 1} more)` : ''}`, r.target) : null;
      },
      close: () =>
        (closed ??= new Promise<void>((resolve) => {
          ports.delete(port);
          for (const s of sockets) s.destroy();
          server.close(() => resolve());
        })),
    };
  }

  return { policy, fetch: (url, init) => safeFetch(policy, url, init), session };
}

/** Runs fn with a session and always closes it. */
export async function withSession<T>(egress: Pick<Egress, 'session'>, fn: (s: EgressSession) => Promise<T>): Promise<T> {
  const s = await egress.session();
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}
