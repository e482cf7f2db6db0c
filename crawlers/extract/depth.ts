// A linear pre-check of element nesting. Pages nested thousands deep make CSS descendant selectors
// quadratic (a 100 KB page of 20,000 nested <div>s took 13 s); no real page nests that deep.
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

export const MAX_NESTING = 1000;

export class PageTooDeep extends Error {
  readonly permanent = true;
  constructor(depth: number) {
    super(`page nests elements more than ${MAX_NESTING} deep (reached ${depth}); refusing to parse it`);
    this.name = 'PageTooDeep';
  }
}

export function assertSaneNesting(html: string, limit = MAX_NESTING): void {
  let depth = 0;
  const re = /<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const name = m[2]!.toLowerCase();
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (!m[3] && !VOID.has(name)) {
      if (name === 'script' || name === 'style') {
        // skip the raw text body: tags inside scripts do not nest
        const end = html.toLowerCase().indexOf(`</${name}`, re.lastIndex);
        re.lastIndex = end < 0 ? html.length : end;
        continue;
      }
      if (++depth > limit) throw new PageTooDeep(depth);
    }
  }
}
