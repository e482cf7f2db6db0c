// URL helpers: resolve against the page, keep only http(s), de-duplicate in order.

export function absolute(raw: string | null | undefined, base: string): string | null {
  if (!raw) return null;
  const s = raw.trim().replace(/\\\//g, '/');
  if (!s || s.startsWith('data:') || s.startsWith('javascript:') || s.startsWith('#') || s.startsWith('blob:')) return null;
  if (s.startsWith('magnet:')) return s;
  try {
    const u = new URL(s, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

export function pushUnique(list: string[], ...values: Array<string | null | undefined>): void {
  for (const v of values) if (v && !list.includes(v)) list.push(v);
}

/** `url('x')`, `url("x")`, `url(x)` from a style attribute. */
export function backgroundImage(style: string | undefined): string | null {
  const m = /background-image\s*:\s*url\(\s*(['"]?)(.*?)\1\s*\)/i.exec(style ?? '');
  return m?.[2] ?? null;
}
