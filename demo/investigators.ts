// The demo's two investigators, acting through the real HTTP API with their own API keys.

async function call(api: string, key: string, method: string, route: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${api}${route}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route} → ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** One investigator approves matches waiting for review that the demo knows to be true (poster matches of a registered film). */
export async function reviewPending(api: string, key: string, say: (s: string) => void): Promise<number> {
  const { items } = (await call(api, key, 'GET', '/api/reviews')) as { items: Array<{ matchId: string; url: string; score: number; film?: { titleRu?: string } | null }> };
  for (const r of items) {
    await call(api, key, 'POST', `/api/reviews/${r.matchId}`, { verdict: 'approve', note: 'demo: poster and title confirmed by eye' });
    say(`    aigerim approved review of ${r.url} (score ${r.score.toFixed(2)})`);
  }
  return items.length;
}

/** Both investigators approve every proposed registry entry: the two-person rule activates it. */
export async function approveAsTwoInvestigators(api: string, keys: string[], say: (s: string) => void): Promise<number> {
  const { items } = (await call(api, keys[0]!, 'GET', '/api/registry/proposed')) as { items: Array<{ id: string; domain: string }> };
  for (const e of items) {
    for (const [i, key] of keys.entries()) {
      const r = (await call(api, key, 'POST', `/api/registry/${e.id}/decision`, { verdict: 'approve', note: 'demo approval' })) as { status: string };
      say(`    ${i === 0 ? 'aigerim' : 'daniyar'} approved blocking ${e.domain} → ${r.status}`);
    }
  }
  return items.length;
}
