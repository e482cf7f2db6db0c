// The about page's block on the registry signing key, in Kazakh, Russian and English.
import type { Lang } from './i18n.ts';
import { esc } from './layout.ts';

export interface SigningKeyInfo { fingerprint: string; keyId: string; url: string }

const T: Record<Lang, { title: string; intro: string; fingerprint: string; missing: string; check: string }> = {
  kk: {
    title: 'Тізілім экспорттарының қолтаңбасы',
    intro: 'Әрбір экспорт пен арна (registry.json, .csv, .xml, hosts.txt, domains.txt, rpz.zone) Ed25519 кілтімен қол қойылған: қолтаңба файлы мекенжайдың соңына .sig, SHA-256 .sha256 қосылған жерде.',
    fingerprint: 'Ашық кілттің саусақ ізі (SPKI DER бойынша SHA-256)',
    missing: 'Қол қою кілті әлі жарияланбаған.',
    check: 'Тексеру:',
  },
  ru: {
    title: 'Подпись выгрузок реестра',
    intro: 'Каждая выгрузка и фид (registry.json, .csv, .xml, hosts.txt, domains.txt, rpz.zone) подписаны ключом Ed25519: подпись — по тому же адресу с .sig, SHA-256 — с .sha256.',
    fingerprint: 'Отпечаток открытого ключа (SHA-256 от SPKI DER)',
    missing: 'Ключ подписи ещё не опубликован.',
    check: 'Проверка:',
  },
  en: {
    title: 'Signed registry exports',
    intro: 'Every export and feed (registry.json, .csv, .xml, hosts.txt, domains.txt, rpz.zone) is signed with an Ed25519 key: the signature is at the same address plus .sig, the SHA-256 plus .sha256.',
    fingerprint: 'Public key fingerprint (SHA-256 of the SPKI DER)',
    missing: 'The signing key has not been published yet.',
    check: 'To check:',
  },
};

/** The about page's signing-key section: the key's address and fingerprint, and the openssl line that checks a file. */
export function signingKeySection(lang: Lang, key: SigningKeyInfo | null): string {
  const t = T[lang];
  if (!key) return `<h2>${esc(t.title)}</h2><p>${esc(t.missing)}</p>`;
  return `<h2 id="signing-key">${esc(t.title)}</h2><p>${esc(t.intro)}</p>
<p><a href="${esc(key.url)}">${esc(key.url)}</a> (key id ${esc(key.keyId)})</p>
<p>${esc(t.fingerprint)}:<br><code class="fingerprint">${esc(key.fingerprint)}</code></p>
<p>${esc(t.check)}<br><code>openssl pkeyutl -verify -pubin -inkey registry-signing-key.pem -rawin -in registry.json -sigfile registry.json.sig</code></p>`;
}
