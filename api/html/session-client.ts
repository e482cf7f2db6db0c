// The browser side of a session (api/routes/session.ts), one copy for the portal, the dashboards and the workbench:
// the typed key goes once to POST /api/session and the page drops it; the HttpOnly cookie carries every later call.
// Each page script embeds this text (its CSP hash covers it) and keeps its own reaction to signing in and out.
export const SESSION_CLIENT = `const kuzetSession = {
    /** the key's user, or throws the server's refusal */
    async open(key) {
      const r = await fetch('/api/session', { method: 'POST', headers: { authorization: 'Bearer ' + key }, credentials: 'same-origin' });
      const b = await r.json().catch(() => ({}));
      if (!r.ok) throw new Error(b.message || String(r.status));
      return b.user;
    },
    /** signs out on the server (a failure leaves the cookie to expire) */
    close() { return fetch('/api/session', { method: 'DELETE', headers: { 'x-kuzet-csrf': '1' }, credentials: 'same-origin' }).then(() => null, () => null); },
    /** the user of the session this browser already has (a reload, another tab, another page), or null */
    current() { return fetch('/api/session', { credentials: 'same-origin' }).then((r) => (r.ok ? r.json() : null)).then((s) => (s && s.user) || null); },
  };`;
