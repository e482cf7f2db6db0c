// The public pages: registry (with search), about/appeal (the entry page is api/html/entry-page.ts). Pure functions of data → HTML.
import { REGISTRY_REASON } from '../../registry/publish.ts';
import type { FilmRef, RegistryEntryView } from '../../registry/queries.ts';
import { STRINGS, type Lang } from './i18n.ts';
import { esc, formatDate, hrefFor, page } from './layout.ts';

const filmTitle = (f: FilmRef, lang: Lang) => (lang === 'kk' ? f.titleKk : lang === 'ru' ? f.titleRu : (f.titleEn ?? f.titleRu));
const reasonText = (r: string, lang: Lang) => (r === REGISTRY_REASON ? STRINGS[lang].defaultReason : r);

export function registryPage(lang: Lang, data: { entries: RegistryEntryView[]; serial: number; total: number; query: string; page?: number; pages?: number }): string {
  const t = STRINGS[lang];
  const rows = data.entries
    .map(
      (e) => `<tr><td class="num">${e.serial}</td><td><a href="${esc(hrefFor(lang, `/registry/${e.serial}`))}">${esc(e.domain)}</a></td>
<td class="num">${esc(formatDate(e.activatedAt, lang))}</td><td>${e.films.map((f) => esc(filmTitle(f, lang))).join('<br>')}</td><td>${esc(reasonText(e.reason, lang))}</td></tr>`,
    )
    .join('\n');
  const table = data.entries.length
    ? `<table><thead><tr><th>${esc(t.colSerial)}</th><th>${esc(t.colDomain)}</th><th>${esc(t.colDate)}</th><th>${esc(t.colFilms)}</th><th>${esc(t.colReason)}</th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p>${esc(data.query ? t.noResults(data.query) : t.empty)}</p>`;
  const body = `<h1>${esc(t.registryTitle)}</h1><p class="lead">${esc(t.registryIntro)}</p>
<form class="search" method="get" action="${esc(hrefFor(lang, '/'))}" role="search"><label for="q" class="sr">${esc(t.searchLabel)}</label>
<input id="q" name="q" type="search" value="${esc(data.query)}" placeholder="${esc(t.searchPlaceholder)}" maxlength="200"><button type="submit">${esc(t.searchButton)}</button></form>
<p class="lead">${esc(t.registryVersion(data.serial, data.total))}</p>
${table}${pager(lang, data.page ?? 1, data.pages ?? 1)}
<h2>${esc(t.exportsTitle)}</h2><p>${esc(t.exportsIntro)}</p>
<ul class="exports"><li><a href="/registry.json">registry.json</a></li><li><a href="/registry.csv">registry.csv</a></li>
<li><a href="/feeds/hosts.txt">hosts.txt</a></li><li><a href="/feeds/rpz.zone">rpz.zone</a> (DNS RPZ)</li><li><a href="/api/delist">/api/delist</a> — ${esc(t.delistFeed)}</li></ul>
<h2>${esc(t.appealTitle)}</h2>${t.appealText.map((p) => `<p>${esc(p)}</p>`).join('')}`;
  return page({ lang, sub: data.query ? `/?q=${encodeURIComponent(data.query)}` : '/', title: t.registryTitle, body });
}

export function notFoundPage(lang: Lang, sub: string): string {
  const t = STRINGS[lang];
  return page({ lang, sub, title: t.entryNotFound, body: `<h1>${esc(t.entryNotFound)}</h1><p><a href="${esc(hrefFor(lang, '/'))}">← ${esc(t.backToRegistry)}</a></p>` });
}

/** `extra`: sections other modules add (already HTML, escaped by them), e.g. the registry signing key's fingerprint. */
export function aboutPage(lang: Lang, extra = ''): string {
  const t = STRINGS[lang];
  const body = `<h1>${esc(t.aboutTitle)}</h1>${t.aboutText.map((p) => `<p>${esc(p)}</p>`).join('')}
<h2>${esc(t.appealTitle)}</h2>${t.appealText.map((p) => `<p>${esc(p)}</p>`).join('')}
${extra}<p><a href="${esc(hrefFor(lang, '/'))}">← ${esc(t.backToRegistry)}</a></p>`;
  return page({ lang, sub: '/about', title: t.aboutTitle, body });
}

/** Previous/next links of the registry list (the page number travels in `?page=`). */
function pager(lang: Lang, page: number, pages: number): string {
  if (pages <= 1) return '';
  const t = STRINGS[lang];
  const link = (p: number, label: string) => `<a href="${esc(`${hrefFor(lang, '/')}?page=${p}`)}">${esc(label)}</a>`;
  return `<nav class="pager" aria-label="${esc(t.pageOf(page, pages))}">${page > 1 ? link(page - 1, t.pagePrev) : ''} <span>${esc(t.pageOf(page, pages))}</span> ${page < pages ? link(page + 1, t.pageNext) : ''}</nav>`;
}

