// Inline JavaScript: players are often created by script (`iframe.src = "//balancer/..."`, `new Playerjs({file})`).
// Comments are removed first, honouring string literals, so a URL that only sits in a comment is not reported.

/** Removes `//…` and `/* … *\/` comments; string and template literals are kept intact. */
export function stripJsComments(src: string): string {
  let out = '';
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    const next = src[i + 1];
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < n && src[j] !== c) {
        if (src[j] === '\\') j++;
        else if (src[j] === '\n' && c !== '`') break;
        j++;
      }
      out += src.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && next === '/') {
      while (i < n && src[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      out += ' ';
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const STRING_URL = /(["'`])((?:https?:)?\/\/[^"'`\s<>]+|\/[^"'`\s<>]*?(?:embed|player|iframe|video)[^"'`\s<>]*)\1/gi;

export interface ScriptFinds {
  /** URLs assigned to `.src` / `src:` / `iframe src=` in code */
  iframeSrcs: string[];
  /** URLs given to a player as `file:` / `source:` / `hls:` */
  files: string[];
  /** every string literal that looks like a URL */
  urls: string[];
}

export function scanScript(code: string): ScriptFinds {
  const clean = stripJsComments(code);
  const iframeSrcs: string[] = [];
  const files: string[] = [];
  const urls: string[] = [];
  for (const m of clean.matchAll(/\.src\s*=\s*(["'`])([^"'`]+)\1/g)) iframeSrcs.push(m[2]!);
  for (const m of clean.matchAll(/<iframe[^>]*?src=\\?["']([^"'\\]+)/gi)) iframeSrcs.push(m[1]!);
  for (const m of clean.matchAll(/\b(?:iframe|embed|player)(?:_?url|Src|_src)?["']?\s*[:=]\s*(["'`])((?:https?:)?\/\/[^"'`]+)\1/gi)) iframeSrcs.push(m[2]!);
  for (const m of clean.matchAll(/\b(?:file|hls|source|src|url|video)["']?\s*:\s*(["'`])([^"'`]+?\.(?:m3u8|mp4|mpd)(?:\?[^"'`]*)?)\1/gi)) files.push(m[2]!);
  for (const m of clean.matchAll(STRING_URL)) urls.push(m[2]!);
  return { iframeSrcs, files, urls };
}
