// TEST_RESOLVE: a test-only name table (`kinogo-kz.example=127.0.0.1,t.me=127.0.0.1`) so the demo and tests can
// give their local fixture sites real-looking names; the registry, hosts file and RPZ then show names, not
// 127.0.0.1. The guarded fetch, the egress proxy (ffmpeg, Chromium) and the crawler all resolve through the
// policy's resolver, so they all honour it; the address it gives is still checked by the SSRF guard (loopback
// must be allowlisted). Never in production: the config refuses it with NODE_ENV=production, and so does this.
import dns from 'node:dns';
import type { Resolver } from './fetch.ts';
import { parseAddress } from './guard.ts';

export type TestResolveTable = Record<string, string>;

const NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*$/;

/** `name=ip,name=ip` → table (names lower case, no trailing dot); throws naming the bad entry. */
export function parseTestResolve(raw: string): TestResolveTable {
  const out: TestResolveTable = {};
  for (const part of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, ip, ...rest] = part.split('=').map((s) => s.trim());
    const host = (name ?? '').toLowerCase().replace(/\.$/, '');
    if (rest.length || !NAME.test(host) || !ip || !parseAddress(ip)) throw new Error(`TEST_RESOLVE entry "${part}" must be name=ip`);
    out[host] = ip.replace(/^\[|\]$/g, '');
  }
  return out;
}

const systemResolve: Resolver = (h) => dns.promises.lookup(h, { all: true, verbatim: true });

/** A resolver answering the table's names (and only those) from the table, everything else from `fallback`. */
export function testResolver(table: TestResolveTable, opts: { nodeEnv?: string; fallback?: Resolver } = {}): Resolver {
  if (opts.nodeEnv === 'production' && Object.keys(table).length) throw new Error('TEST_RESOLVE is for tests and the demo; it is refused with NODE_ENV=production');
  const fallback = opts.fallback ?? systemResolve;
  return async (hostname) => {
    const ip = table[hostname.toLowerCase().replace(/\.$/, '')];
    if (ip === undefined) return fallback(hostname);
    return [{ address: ip, family: parseAddress(ip)!.kind() === 'ipv4' ? 4 : 6 }];
  };
}
