// Role × route matrix (issue 12). Every route the app registers (read from fastify's own route tree, not from our
// code) must declare who may call it (`config.policy`), the declaration must equal the table below (so widening a
// route's access shows up here, in review), and each route answers every caller as its policy says: public routes
// never ask for a key; the others answer 401 without a key or with a bad one, 403 to a role outside the policy, and
// let every role inside it past authentication. A route with no declared policy fails the app's start and this test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routePolicies, type RoutePolicy } from '../../api/plugins/auth.ts';
import { USER_ROLES, type UserRole } from '../../storage/users.ts';
import { tempDir } from '../kit/temp.ts';
import { bearer, startApi, type Api } from './api-harness.ts';
import { seedUser } from './registry-fixtures.ts';

const DECIDERS = ['investigator', 'admin'] as const;
const LANG_PAGES = ['', '/kk', '/ru', '/en'].flatMap((p) => [p || '/', ...(p ? [`${p}/`] : []), `${p}/about`, `${p}/entry/:serial`,
  `${p}/registry/:serial`, `${p}/registry/:serial/appeal`, `${p}/appeals/:ref`]);

/** method + url → who may call it. GET also stands for the HEAD route fastify adds for it. */
const EXPECTED: Record<string, RoutePolicy> = {
  ...Object.fromEntries(LANG_PAGES.map((u) => [`GET ${u}`, 'public'])),
  'GET /review': 'public',
  'GET /kk/review': 'public',
  'GET /ru/review': 'public',
  'GET /en/review': 'public',
  'GET /api/workbench/matches/:matchId': DECIDERS,
  'GET /api/workbench/evidence/:id': DECIDERS,
  'GET /api/workbench/reference/:matchId': DECIDERS,
  'GET /api/workbench/entries': DECIDERS,
  'GET /health': 'public',
  'GET /metrics': 'public',
  ...Object.fromEntries(['/registry.json', '/registry.csv', '/registry.xml', '/feeds/hosts.txt', '/feeds/domains.txt', '/feeds/rpz.zone']
    .flatMap((u) => [u, `${u}.sig`, `${u}.sha256`]).map((u) => [`GET ${u}`, 'public'])),
  'GET /.well-known/kuzet/registry-signing-key.pem': 'public',
  'GET /openapi.json': 'public',
  'GET /docs': 'public',
  'GET /docs/init.js': 'public',
  'GET /docs/static/:file': 'public',
  'GET /api/delist': ['search_engine', 'admin', 'operator'],
  'GET /api/delist/tcrp.txt': ['search_engine', 'admin', 'operator'],
  'GET /api/delist/lumen.json': ['search_engine', 'admin', 'operator'],
  'POST /api/delist/:id/ack': ['search_engine'],
  'POST /api/feeds/applied': ['isp'],
  'GET /api/sla': ['supervisor', 'admin', 'operator'],
  'GET /api/reviews': DECIDERS,
  'POST /api/reviews/:matchId': DECIDERS,
  'GET /api/registry/proposed': DECIDERS,
  'POST /api/registry/:entryId/decision': DECIDERS,
  'GET /api/sources': DECIDERS,
  'POST /api/sources': DECIDERS,
  'POST /api/sources/:id/enabled': DECIDERS,
  'GET /api/packets/:matchId': [...DECIDERS, 'rights_holder'],
  'GET /api/protected-domains': ['admin'],
  'POST /api/protected-domains': ['admin'],
  'GET /api/audit': ['admin', 'operator'],
  'GET /api/audit/verify': ['admin', 'operator'],
  'GET /api/users': ['admin'],
  'POST /api/films/import': ['admin', 'rights_holder'],
  'GET /api/films/search': ['admin', 'investigator', 'supervisor', 'rights_holder'],
  'GET /api/portal/films': ['admin', 'rights_holder'],
  'POST /api/portal/films': ['admin', 'rights_holder'],
  'GET /api/portal/films/:filmId': ['admin', 'supervisor', 'rights_holder'],
  'POST /api/portal/films/:filmId/uploads': ['admin', 'rights_holder'],
  'PUT /api/portal/uploads/:uploadId': ['admin', 'rights_holder'],
  'GET /api/portal/uploads/:uploadId': ['admin', 'supervisor', 'rights_holder'],
  ...Object.fromEntries(['POST', 'DELETE'].map((m) => [`${m} /api/session`, [...USER_ROLES]])),
  'GET /api/session': 'public',
  'GET /api/portal/dashboard': ['admin', 'supervisor', 'rights_holder'],
  'GET /api/portal/exposure.csv': ['admin', 'supervisor', 'rights_holder'],
  'GET /assets/uplot.min.js': 'public',
  'GET /assets/uplot.min.css': 'public',
  ...Object.fromEntries(['', '/kk', '/ru', '/en'].map((p) => [`GET ${p}/portal/dashboard`, 'public'])),
  ...Object.fromEntries(['', '/kk', '/ru', '/en'].map((p) => [`GET ${p}/portal`, 'public'])),
  'POST /appeals': 'public',
  'GET /api/appeals': ['supervisor'],
  'POST /api/appeals/:ref/decision': ['supervisor'],
  'GET /api/appeals/:ref/evidence': ['supervisor'],
  'GET /api/registry/lift-proposals': ['supervisor'],
  'POST /api/registry/:entryId/lift': ['supervisor'],
  'POST /api/registry/:entryId/renew': ['supervisor'],
  'GET /api/users/:id/keys': ['admin'],
  'POST /api/users/:id/disable': ['admin'],
  'POST /api/keys/:id/revoke': ['admin'],
  'GET /api/protected-asns': ['admin'],
  'POST /api/protected-asns': ['admin'],
  'POST /api/registry/:entryId/ip-block': ['admin'],
};

/** Every method + url in fastify's printed route tree (a radix tree: a node's path is its ancestors' segments joined). */
function registeredRoutes(tree: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const url = stack.join('') + m[2]!;
    stack.push(m[2]!);
    for (const method of m[3]?.split(', ') ?? []) out.push(`${method} ${url}`);
  }
  return out;
}

const normalise = (p: RoutePolicy) => (p === 'public' ? p : [...p].sort().join(','));
const asGet = (route: string) => route.replace(/^HEAD /, 'GET ');

describe('role × route matrix', () => {
  let api: Api;
  const keys = {} as Record<UserRole, string>;
  const dir = tempDir('kuzet-matrix-');
  beforeAll(async () => {
    api = await startApi(dir, { authFailuresPerMinute: 100_000, rateLimitPerMinute: 100_000 });
    for (const role of USER_ROLES) keys[role] = (await seedUser(api.db, `user-${role}`, role)).apiKey;
  });
  afterAll(() => api?.close());

  it('every registered route declares a policy, and the declarations equal the table', () => {
    const routes = registeredRoutes(api.app.printRoutes({ commonPrefix: false }));
    expect(routes.length).toBeGreaterThan(40);
    const declared = new Map(routePolicies(api.app).map((r) => [`${r.method} ${r.url}`, r.policy]));
    for (const route of routes) {
      expect(declared.has(route), `${route} is registered without a declared policy (config.policy)`).toBe(true);
      expect(EXPECTED[asGet(route)], `${route} is missing from the policy table of this test`).toBeDefined();
      expect(normalise(declared.get(route)!), route).toBe(normalise(EXPECTED[asGet(route)]!));
    }
    expect([...declared.keys()].sort()).toEqual([...routes].sort());
    expect(Object.keys(EXPECTED).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('answers every caller of every route as its policy says', async () => {
    const routes = registeredRoutes(api.app.printRoutes({ commonPrefix: false }));
    const callers: Array<[string, Record<string, string>, UserRole | null | 'bad']> = [
      ['no key', {}, null],
      ['bad key', bearer('kz_not-a-key-of-anyone-000000000000'), 'bad'],
      ...USER_ROLES.map((role) => [role, bearer(keys[role]), role] as [string, Record<string, string>, UserRole]),
    ];
    const wrong: string[] = [];
    for (const route of routes) {
      const [method, url] = route.split(' ') as [string, string];
      const policy = EXPECTED[asGet(route)]!;
      for (const [who, headers, role] of callers) {
        const res = await api.app.inject({
          method: method as 'GET',
          url: url.replace(/:\w+/g, 'x'),
          headers,
          ...(method === 'POST' ? { payload: {} } : {}),
        });
        const got = res.statusCode;
        const expected = policy === 'public' || (role !== null && role !== 'bad' && policy.includes(role))
          ? 'past authentication'
          : role === null || role === 'bad' ? 401 : 403;
        const ok = expected === 'past authentication' ? ![401, 403, 429].includes(got) && got < 500 : got === expected;
        if (!ok) wrong.push(`${route} as ${who}: ${got}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
