// The public entry page (`/registry/{serial}`), the appeal form, the appeal's status page and its refusal page.
// Pure functions of data → HTML; every value escaped. No script: the form posts to the server (CSP form-action 'self').
import { REGISTRY_REASON } from '../../registry/publish.ts';
import type { AppealView } from '../../registry/appeals-view.ts';
import { isListed } from '../../registry/lifecycle.ts';
import type { EntryPageData } from '../../registry/lifecycle-view.ts';
import type { FilmRef } from '../../registry/queries.ts';
import { STRINGS, type Lang } from './i18n.ts';
import { esc, formatDate, hrefFor, page } from './layout.ts';
import { LIFECYCLE_STRINGS, type LifecycleStrings } from './lifecycle-i18n.ts';

export interface LegalBasis { basis: string; authority: string }

const filmTitle = (f: FilmRef, lang: Lang) => (lang === 'kk' ? f.titleKk : lang === 'ru' ? f.titleRu : (f.titleEn ?? f.titleRu));
const row = (label: string, value: string) => `<dt>${esc(label)}</dt><dd>${value}</dd>`;
/** the system's own (English) reasons in the page's language; a person's reason stays as they wrote it */
function reasonIn(l: LifecycleStrings, reason: string): string {
  const served = /^(\d+) infringing page\(s\) still served unchanged$/.exec(reason);
  return served ? l.stillServed(Number(served[1])) : (l.systemReasons[reason] ?? reason);
}
const badge = (status: string, label: string) => `<span class="badge s-${esc(status)}">${esc(label)}</span>`;

export function entryPageHtml(lang: Lang, e: EntryPageData, legal: LegalBasis, opts: { deadlineDays: number }): string {
  const t = STRINGS[lang];
  const l = LIFECYCLE_STRINGS[lang];
  const date = (iso: string | null) => esc(formatDate(iso, lang));
  const listed = isListed(e.status);
  const reason = e.reason === REGISTRY_REASON ? t.defaultReason : e.reason;
  const dl = [
    row(t.colDomain, `<strong>${esc(e.domain)}</strong>`),
    row(l.status, badge(e.status, l.statuses[e.status] ?? e.status)),
    row(t.colReason, esc(reason)),
    row(l.legalBasis, esc(legal.basis)),
    row(l.authority, esc(legal.authority)),
    row(l.listedOn, date(e.activatedAt)),
    ...(e.verifiedAt ? [row(l.verifiedOn, date(e.verifiedAt))] : []),
    ...(listed && e.expiresAt ? [row(l.expiresOn, date(e.expiresAt))] : []),
    ...(e.liftedAt ? [row(l.liftedOn, date(e.liftedAt))] : []),
    ...(e.expiredAt ? [row(l.expiredOn, date(e.expiredAt))] : []),
    row(t.colFilms, e.films.map((f) => esc(filmTitle(f, lang))).join('<br>')),
    row(l.urls, esc(l.urlCount(e.urlCount)) + (e.urls?.length ? `<ul class="urls">${e.urls.map((u) => `<li><code>${esc(u)}</code></li>`).join('')}</ul>` : '')),
  ].join('\n');
  const note = !listed ? `<p class="note">${esc(l.notInForce)}</p>` : e.status === 'under_appeal' ? `<p class="note">${esc(l.underAppealNote)}</p>` : '';
  const history = `<table class="history"><thead><tr><th>${esc(l.colVersion)}</th><th>${esc(l.colDate)}</th><th>${esc(l.colChange)}</th><th>${esc(l.colBy)}</th><th>${esc(l.colReason)}</th></tr></thead><tbody>
${[...e.history].reverse().map((v) => `<tr><td class="num">${v.version}</td><td class="num">${date(v.at)}</td><td>${esc(l.changes[v.change] ?? v.change)}</td><td>${esc(l.roles[v.actorRole ?? 'system'] ?? v.actorRole)}</td><td>${esc(reasonIn(l, v.reason))}</td></tr>`).join('\n')}</tbody></table>`;
  const appeals = e.appeals.length
    ? `<table class="appeals"><thead><tr><th>${esc(l.colFiled)}</th><th>${esc(l.colDue)}</th><th>${esc(l.status)}</th><th>${esc(l.colDecision)}</th></tr></thead><tbody>
${e.appeals.map((a) => `<tr><td class="num">${date(a.filedAt)}</td><td class="num">${date(a.dueAt)}${a.overdue ? ` <span class="overdue">${esc(l.overdue)}</span>` : ''}</td><td>${esc(l.appealStatuses[a.status] ?? a.status)}</td><td>${a.decidedAt ? `${date(a.decidedAt)}: ${esc(a.decisionReason)}` : ''}</td></tr>`).join('\n')}</tbody></table>`
    : `<p>${esc(l.noAppeals)}</p>`;
  const route = listed
    ? `${l.appealRoute(opts.deadlineDays).map((p) => `<p>${esc(p)}</p>`).join('')}<p><a class="button" href="${esc(hrefFor(lang, `/registry/${e.serial}/appeal`))}">${esc(l.fileAppeal)}</a></p>`
    : '';
  const body = `<h1>${esc(t.entryTitle(e.serial))}</h1>${note}
<dl class="entry">${dl}</dl>
<h2>${esc(l.appeals)}</h2>${route}${appeals}
<h2>${esc(l.history)}</h2>${history}
<p><a href="${esc(hrefFor(lang, '/'))}">← ${esc(t.backToRegistry)}</a></p>`;
  return page({ lang, sub: `/registry/${e.serial}`, title: t.entryTitle(e.serial), body });
}

export function appealFormHtml(lang: Lang, e: { serial: number; domain: string }, opts: { deadlineDays: number; maxFileBytes: number }): string {
  const l = LIFECYCLE_STRINGS[lang];
  const mb = (opts.maxFileBytes / 1024 ** 2).toLocaleString(lang === 'en' ? 'en-GB' : 'ru-RU', { maximumFractionDigits: 1 });
  const file = opts.maxFileBytes > 0
    ? `<label for="evidence">${esc(l.evidence)}</label><input id="evidence" name="evidence" type="file" accept=".pdf,.png,.jpg,.jpeg,.txt,application/pdf,image/png,image/jpeg,text/plain"><small>${esc(l.evidenceHint(mb))}</small>`
    : '';
  const body = `<h1>${esc(l.formTitle(e.serial, e.domain))}</h1><p class="lead">${esc(l.formIntro(opts.deadlineDays))}</p>
<form class="appeal" method="post" action="/appeals" enctype="multipart/form-data">
<input type="hidden" name="entry" value="${e.serial}"><input type="hidden" name="lang" value="${lang}">
<div class="sr" aria-hidden="true"><label for="website">Website</label><input id="website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
<label for="contact">${esc(l.contact)}</label><input id="contact" name="contact" type="text" required maxlength="200" autocomplete="email"><small>${esc(l.contactHint)}</small>
<label for="grounds">${esc(l.grounds)}</label><textarea id="grounds" name="grounds" required minlength="20" maxlength="5000" rows="8"></textarea><small>${esc(l.groundsHint)}</small>
${file}
<p class="note">${esc(l.privacy)}</p>
<button type="submit">${esc(l.submit)}</button></form>
<p><a href="${esc(hrefFor(lang, `/registry/${e.serial}`))}">← ${esc(l.back)}</a></p>`;
  return page({ lang, sub: `/registry/${e.serial}/appeal`, title: l.formTitle(e.serial, e.domain), body });
}

export function appealStatusHtml(lang: Lang, a: AppealView, opts: { deadlineDays: number }): string {
  const t = STRINGS[lang];
  const l = LIFECYCLE_STRINGS[lang];
  const date = (iso: string | null) => esc(formatDate(iso, lang));
  const dl = [
    row(t.colDomain, `<a href="${esc(hrefFor(lang, `/registry/${a.serial}`))}">${esc(l.entryLink(a.serial!))}</a> · <strong>${esc(a.domain)}</strong>`),
    row(l.colFiled, date(a.filedAt)),
    row(l.colDue, `${date(a.dueAt)}${a.overdue && a.status === 'open' ? ` <span class="overdue">${esc(l.overdue)}</span>` : ''}<br><small>${esc(l.dueText(opts.deadlineDays))}</small>`),
    row(l.status, badge(a.status, l.appealStatuses[a.status] ?? a.status)),
    row(l.decision, a.decidedAt ? `${date(a.decidedAt)}: ${esc(a.decisionReason)}` : esc(l.pending)),
    row(l.grounds, `<span class="pre">${esc(a.grounds)}</span>`),
  ].join('\n');
  const body = `<h1>${esc(l.statusTitle(a.ref))}</h1><p class="note">${esc(l.keepRef)}</p><dl class="entry">${dl}</dl>`;
  return page({ lang, sub: `/appeals/${a.ref}`, title: l.statusTitle(a.ref), body });
}

export function appealErrorHtml(lang: Lang, code: string, message: string, serial: number | null): string {
  const l = LIFECYCLE_STRINGS[lang];
  const back = serial ? `<p><a href="${esc(hrefFor(lang, `/registry/${serial}/appeal`))}">← ${esc(l.back)}</a></p>` : '';
  const body = `<h1>${esc(l.errorTitle)}</h1><p>${esc(l.errors[code] ?? l.errors.bad_request)}</p><p class="note"><small>${esc(message)}</small></p>${back}`;
  return page({ lang, sub: serial ? `/registry/${serial}/appeal` : '/', title: l.errorTitle, body });
}
