// `kuzet rdap refresh-bootstrap [--base URL] [--json]` — fetches IANA's RDAP bootstrap files (dns.json, ipv4.json,
// ipv6.json) through the guarded fetch, checks their shape and writes them to DATA_DIR/rdap-bootstrap/, which the
// evidence capture then prefers to the dated, partial copy shipped in evidence/rdap/bootstrap/. Needs network access.
import { parseArgs } from 'node:util';
import { IANA_BOOTSTRAP, refreshBootstrap } from '../../evidence/rdap/bootstrap.ts';
import { policyFromConfig, safeFetch } from '../../net/fetch.ts';
import type { Command } from '../command.ts';

export const rdapRefreshBootstrap: Command = {
  path: ['rdap', 'refresh-bootstrap'],
  summary: 'fetch IANA’s RDAP bootstrap files into DATA_DIR/rdap-bootstrap (used by evidence capture instead of the shipped copy)',
  usage: `kuzet rdap refresh-bootstrap [--base URL] [--json]   (default base ${IANA_BOOTSTRAP})`,
  async run(argv, env) {
    const { values } = parseArgs({ args: argv, options: { base: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
    const policy = { ...policyFromConfig(env.config), maxBytes: Math.min(env.config.fetchMaxBytes, 8 * 1024 * 1024) };
    const source = await refreshBootstrap(async (url) => (await safeFetch(policy, url, { headers: { accept: 'application/json' } })).body, env.config.dataDir, values.base ?? IANA_BOOTSTRAP);
    if (values.json) env.io.out(JSON.stringify(source));
    else env.io.out(`RDAP bootstrap files written to ${source.dir} (published: dns ${source.publication.dns}, ipv4 ${source.publication.ipv4}, ipv6 ${source.publication.ipv6})`);
    return 0;
  },
};

export default [rdapRefreshBootstrap];
