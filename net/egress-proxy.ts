// The egress proxy's two handlers: an HTTP forward proxy for clients we do not control (ffmpeg, Chromium).
// Absolute-URI requests (`GET http://host/x`) carry plain http; CONNECT host:port tunnels https (and wss). Every
// upstream connection dials through the guarded lookup of net/fetch.ts, so the address checked is the address
// dialled, on every hop: the proxy follows no redirects itself, the client sees the 3xx and its next hop comes
// back through here. A refusal answers 403 with `x-kuzet-egress: refused` and is recorded by the caller's `refuse`.
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { checkUrl, guardedLookup, type FetchPolicy } from './fetch.ts';
import { parseAddress, type Allowlist } from './guard.ts';

export interface ProxyContext {
  list: Allowlist;
  policy: Pick<FetchPolicy, 'timeoutMs' | 'resolve'>;
  /** null when `address:port` may be dialled, else why not (the proxy's own listeners) */
  selfCheck(address: string, port: number): string | null;
  refuse(target: string, reason: string): void;
}

export const REFUSED_HEADER = 'x-kuzet-egress';
const HOP_BY_HOP = new Set(['connection', 'proxy-connection', 'keep-alive', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'upgrade', 'transfer-encoding']);

const isSsrf = (e: unknown) => (e as NodeJS.ErrnoException)?.code === 'ESSRF';
const reasonOf = (e: unknown) => String((e as Error)?.message ?? e).replace(/^refused(: | \S+: )/, '');

/** Scheme, credentials and literal-IP checks of a target, plus the self check for literals (no lookup runs for them). */
function vet(ctx: ProxyContext, raw: string): URL {
  const u = checkUrl(ctx.list, raw);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const self = parseAddress(host) ? ctx.selfCheck(host, port) : null;
  if (self) throw new Error(self);
  return u;
}

function dialOptions(ctx: ProxyContext, u: URL) {
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port, lookup: guardedLookup(ctx.list, ctx.policy.resolve, (a) => ctx.selfCheck(a, port)) };
}

export function onRequest(ctx: ProxyContext): http.RequestListener {
  return (req, res) => {
    const raw = req.url ?? '';
    const refuse = (reason: string) => {
      ctx.refuse(raw, reason);
      if (!res.headersSent) res.writeHead(403, { [REFUSED_HEADER]: 'refused', 'content-type': 'text/plain', connection: 'close' });
      res.end(`refused by the Kuzet egress guard: ${reason}\n`);
    };
    if (!/^http:\/\//i.test(raw)) return refuse(/^https:/i.test(raw) ? 'https goes through CONNECT' : `not an absolute http URL: ${raw.slice(0, 200)}`);
    let u: URL;
    try {
      u = vet(ctx, raw);
    } catch (e) {
      return refuse(reasonOf(e));
    }
    const fail = (status: number, why: string) => {
      try {
        if (!res.headersSent) {
          for (const h of res.getHeaderNames()) res.removeHeader(h);
          res.writeHead(status, status === 502 ? 'Bad Gateway' : 'Bad Request', { 'content-type': 'text/plain', connection: 'close' });
        }
        res.end(`${why}\n`);
      } catch {
        res.destroy();
      }
    };
    // what comes back is relayed as it is, except a redirect the client must not follow (only http and https)
    const relay = (ures: http.IncomingMessage) => {
      let next: URL | null = null;
      try {
        next = ures.headers.location ? new URL(ures.headers.location, u) : null;
      } catch {
        ures.destroy();
        return refuse('a redirect to an unparsable Location');
      }
      if (next && !/^https?:$/.test(next.protocol)) {
        ures.destroy();
        return refuse(`a redirect to ${next.protocol} (only http and https)`);
      }
      const out: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(ures.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) out[k] = v;
      try {
        const reason = /^[\t\x20-\x7e\x80-\xff]*$/.test(ures.statusMessage ?? '') ? ures.statusMessage : undefined;
        res.writeHead(ures.statusCode ?? 502, reason, out);
      } catch (e) {
        ures.destroy();
        return fail(502, `unusable upstream response: ${(e as Error).message}`);
      }
      ures.pipe(res);
    };
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
    headers.host = u.host;
    let up: http.ClientRequest;
    try {
      up = http.request({ ...dialOptions(ctx, u), path: u.pathname + u.search, method: req.method, headers, agent: false }, relay);
    } catch (e) {
      return fail(400, `unusable request: ${(e as Error).message}`);
    }
    up.setTimeout(ctx.policy.timeoutMs, () => up.destroy(new Error(`no answer from ${u.host} in ${ctx.policy.timeoutMs} ms`)));
    up.on('error', (e) => (isSsrf(e) ? refuse(reasonOf(e)) : fail(502, `upstream error: ${(e as Error).message}`)));
    res.on('close', () => up.destroy());
    req.pipe(up);
  };
}

export function onConnect(ctx: ProxyContext): (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    const target = `https://${req.url ?? ''}/`;
    socket.on('error', () => {});
    const refuse = (reason: string) => {
      ctx.refuse(target, reason);
      socket.end(`HTTP/1.1 403 Forbidden\r\n${REFUSED_HEADER}: refused\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
    };
    let u: URL;
    try {
      u = vet(ctx, target);
      if (u.pathname !== '/' || u.search || !/^[^/?#@]+:\d+$/.test(req.url ?? '')) throw new Error(`not a host:port: ${req.url}`);
    } catch (e) {
      return refuse(reasonOf(e));
    }
    const up = net.connect(dialOptions(ctx, u));
    up.setTimeout(ctx.policy.timeoutMs * 3, () => up.destroy());
    up.on('connect', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
      up.on('close', () => socket.destroy());
    });
    up.on('error', (e) => (isSsrf(e) ? refuse(reasonOf(e)) : socket.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n')));
    socket.on('close', () => up.destroy());
  };
}
