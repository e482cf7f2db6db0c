// Server-rendered HTML: escaping, the page frame with its language switcher, and the stylesheet.
import { LANGS, STRINGS, type Lang } from './i18n.ts';

/** Escapes text for HTML. Bidi embedding, override and isolate controls (U+202A–E, U+2066–9) from the data are
 * dropped: an RTL override in a pirate's title or a search query would flip the page around it ("gpj.exe" spoofing). */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
export const esc = (s: unknown) =>
  String(s ?? '').replace(BIDI_CONTROLS, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Path of the same page in another language (`sub` is the page path without the language prefix, e.g. '/about'). */
export const hrefFor = (lang: Lang, sub: string) => `/${lang}${sub === '/' ? '/' : sub}`;

/** The one stylesheet, inline in every page and allowed there by its hash (api/plugins/security-headers.ts). */
export const PAGE_CSS = `
:root{--ink:#1d2530;--muted:#5b6675;--line:#dde3ea;--accent:#0b6bcb;--bg:#f7f9fb}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{background:#fff;border-bottom:1px solid var(--line)}
.wrap{max-width:1040px;margin:0 auto;padding:0 20px}
header .wrap{display:flex;align-items:center;justify-content:space-between;gap:16px;padding-top:14px;padding-bottom:14px}
.brand{font-weight:700;font-size:20px;color:var(--ink);text-decoration:none}.brand small{display:block;font-weight:400;font-size:13px;color:var(--muted)}
nav.langs a{margin-left:10px;color:var(--accent);text-decoration:none}nav.langs a[aria-current]{color:var(--ink);font-weight:600}
main{padding:24px 0 48px}h1{font-size:26px;margin:0 0 8px}h2{font-size:19px;margin:28px 0 8px}
p.lead{color:var(--muted);max-width:760px}
form.search{display:flex;gap:8px;margin:18px 0}form.search input{flex:1;max-width:480px;padding:9px 12px;border:1px solid var(--line);border-radius:6px;font:inherit}
button{padding:9px 16px;border:0;border-radius:6px;background:var(--accent);color:#fff;font:inherit;cursor:pointer}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid var(--line);border-radius:6px}
th,td{text-align:left;padding:9px 12px;border-bottom:1px solid var(--line);vertical-align:top}th{font-size:13px;color:var(--muted);font-weight:600}
td.num{font-variant-numeric:tabular-nums;white-space:nowrap}a{color:var(--accent)}
ul.exports{padding-left:18px}footer{color:var(--muted);font-size:13px;border-top:1px solid var(--line);padding:16px 0}
.sr{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
dl.entry{display:grid;grid-template-columns:max-content 1fr;gap:6px 18px;background:#fff;border:1px solid var(--line);border-radius:6px;padding:16px}dl.entry dt{color:var(--muted)}dl.entry dd{margin:0}
form.appeal{display:grid;gap:6px;max-width:640px;background:#fff;border:1px solid var(--line);border-radius:6px;padding:16px}form.appeal label{font-weight:600;margin-top:8px}
form.appeal input[type=text],form.appeal textarea{padding:9px 12px;border:1px solid var(--line);border-radius:6px;font:inherit;width:100%}form.appeal small,dd small{color:var(--muted)}form.appeal button{justify-self:start;margin-top:8px}
a.button{display:inline-block;padding:9px 16px;border-radius:6px;background:var(--accent);color:#fff;text-decoration:none}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:14px;background:#e6f0fa}.badge.s-active,.badge.s-upheld{background:#e3f4e8}.badge.s-under_appeal,.badge.s-open{background:#fff3d6}.badge.s-lifted,.badge.s-expired,.badge.s-closed{background:#eceff3}
.overdue{color:#b42318;font-weight:600}p.note{background:#fff8e6;border-left:3px solid #e0a800;padding:8px 12px}.pre{white-space:pre-wrap}ul.urls{margin:6px 0 0;padding-left:18px}
`;

export function page(opts: { lang: Lang; sub: string; title: string; body: string }): string {
  const t = STRINGS[opts.lang];
  const switcher = LANGS.map((l) =>
    `<a href="${esc(hrefFor(l, opts.sub))}" hreflang="${l}" lang="${l}"${l === opts.lang ? ' aria-current="page"' : ''}>${esc(STRINGS[l].langName)}</a>`,
  ).join('');
  return `<!doctype html>
<html lang="${opts.lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(opts.title)} · Күзет</title><style>${PAGE_CSS}</style></head>
<body>
<header><div class="wrap"><a class="brand" href="${esc(hrefFor(opts.lang, '/'))}">Күзет<small>${esc(t.siteTagline)}</small></a>
<nav class="langs" aria-label="Language">${switcher}</nav></div></header>
<main><div class="wrap">${opts.body}</div></main>
<footer><div class="wrap"><a href="${esc(hrefFor(opts.lang, '/about'))}">${esc(t.aboutTitle)}</a> · <a href="/registry.json">registry.json</a> · <a href="/registry.csv">registry.csv</a></div></footer>
</body></html>`;
}

/** A date in the page's language, in Almaty time (registry dates are legal facts; show the local day). */
export function formatDate(iso: string | null, lang: Lang): string {
  if (!iso) return '';
  const locale = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' }[lang];
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Asia/Almaty' }).format(new Date(iso));
}
