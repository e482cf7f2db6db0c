// Mirror discovery signals (pure): a site is a likely mirror of a known pirate source when the source redirects
// to it, or it shares the source's page template (DOM structure + class names), favicon bytes, or player ids
// (same-site player paths, balancer iframe URLs, Kinopoisk-keyed player URLs, stream paths).
import { sha256Hex } from '../storage/hash.ts';
import * as cheerio from 'cheerio';
import type { ExtractResult } from './extract.ts';
import { balancerOf } from './extract/players.ts';
import { siteHostOf } from '../net/urls.ts';

export interface SiteSignals {
  url: string;
  host: string;
  /** URL and host the site's start URL finally answered from (after redirects) */
  finalUrl: string;
  finalHost: string;
  /** structural features "parent.classes>tag.classes" of the page, sorted */
  template: string[];
  templateHash: string;
  faviconHash: string | null;
  playerKeys: string[];
}

export type MirrorSignal = 'redirect' | 'template' | 'favicon' | 'player';

export interface MirrorEvidence {
  signal: MirrorSignal;
  /** 0..1 */
  score: number;
  detail: string;
}

export const TEMPLATE_THRESHOLD = 0.8;
export const PLAYER_MIN_SHARED = 2;

const sha = sha256Hex;

/** Class/id tokens without per-page noise (numbers, hashes). */
function tokens(attr: string | undefined): string {
  return (attr ?? '')
    .split(/\s+/)
    .filter((t) => t && !/\d{2,}|[a-f0-9]{8,}/i.test(t))
    .sort()
    .join('.');
}

/** Structural fingerprint of an HTML page: the set of parent→child (tag, id, classes) pairs; text and URLs are ignored. */
export function templateFeatures(html: string): string[] {
  const $ = cheerio.load(html);
  const out = new Set<string>();
  const label = (el: { tagName?: string; attribs?: Record<string, string> }) => {
    const id = tokens(el.attribs?.['id']);
    const cls = tokens(el.attribs?.['class']);
    return `${el.tagName ?? '?'}${id ? `#${id}` : ''}${cls ? `.${cls}` : ''}`;
  };
  $('body *').each((_, el) => {
    if (!('tagName' in el) || /^(script|style|noscript|br|svg|path)$/.test(el.tagName)) return;
    const parent = el.parent && 'tagName' in el.parent ? label(el.parent) : 'root';
    out.add(`${parent}>${label(el)}`);
  });
  $('head meta[name], head link[rel]').each((_, el) => {
    const a = (el as { attribs: Record<string, string> }).attribs;
    out.add(a['name'] ? `meta:${a['name'].toLowerCase()}=${/generator/i.test(a['name']) ? (a['content'] ?? '').split(/\s/)[0] : ''}` : `link:${a['rel']}`);
  });
  return [...out].sort();
}

export function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 0;
  const sa = new Set(a);
  let inter = 0;
  for (const x of new Set(b)) if (sa.has(x)) inter++;
  return inter / (sa.size + new Set(b).size - inter);
}

export const faviconHash = (bytes: Buffer | null | undefined): string | null => (bytes && bytes.length > 0 ? sha(bytes) : null);

/** Host-independent keys of the players and streams of a site's pages. */
export function playerKeys(pages: Array<Pick<ExtractResult, 'players' | 'streams'> & { url: string }>): string[] {
  const out = new Set<string>();
  for (const p of pages) {
    const self = siteHostOf(p.url);
    for (const raw of [...p.players, ...p.streams]) {
      const u = new URL(raw);
      const kp = /[?&]kp(?:_?id)?=(\d+)/i.exec(u.search)?.[1] ?? /\/kp\/(\d+)/.exec(u.pathname)?.[1];
      const balancer = balancerOf(raw);
      if (siteHostOf(raw) === self) out.add(`path:${u.pathname}${u.search}`);
      else out.add(`url:${siteHostOf(raw)}${u.pathname}${u.search}`);
      if (balancer && kp) out.add(`kp-player:${balancer}:${kp}`);
    }
  }
  return [...out].sort();
}

export function siteSignals(input: { url: string; finalUrl?: string; html: string; favicon?: Buffer | null; pages?: Parameters<typeof playerKeys>[0] }): SiteSignals {
  const template = templateFeatures(input.html);
  return {
    url: input.url,
    host: siteHostOf(input.url),
    finalUrl: input.finalUrl ?? input.url,
    finalHost: siteHostOf(input.finalUrl ?? input.url),
    template,
    templateHash: sha(template.join('\n')).slice(0, 32),
    faviconHash: faviconHash(input.favicon),
    playerKeys: playerKeys(input.pages ?? []),
  };
}

/** Why `other` looks like a mirror of `known` (empty when it does not). Same host → never a mirror. */
export function compareSites(known: SiteSignals, other: SiteSignals): MirrorEvidence[] {
  const out: MirrorEvidence[] = [];
  if (other.host === known.host) return out;
  if (known.finalHost !== known.host && known.finalHost === other.host)
    out.push({ signal: 'redirect', score: 1, detail: `${known.host} redirects to ${other.host}` });
  else if (other.finalHost !== other.host && other.finalHost === known.host)
    out.push({ signal: 'redirect', score: 1, detail: `${other.host} redirects to ${known.host}` });
  const t = jaccard(known.template, other.template);
  if (t >= TEMPLATE_THRESHOLD) out.push({ signal: 'template', score: t, detail: `page template ${(t * 100).toFixed(0)}% identical to ${known.host}` });
  if (known.faviconHash && known.faviconHash === other.faviconHash)
    out.push({ signal: 'favicon', score: 1, detail: `same favicon as ${known.host} (sha256 ${known.faviconHash.slice(0, 12)}…)` });
  const shared = other.playerKeys.filter((k) => known.playerKeys.includes(k));
  const smaller = Math.min(known.playerKeys.length, other.playerKeys.length);
  if (shared.length >= PLAYER_MIN_SHARED && shared.length / smaller >= 0.5)
    out.push({ signal: 'player', score: shared.length / smaller, detail: `${shared.length} player/stream ids shared with ${known.host} (e.g. ${shared[0]})` });
  return out;
}

/** One line for investigators, e.g. "mirror of kino.example: redirect (…); template (…)". */
export function mirrorReason(knownHost: string, evidence: MirrorEvidence[]): string {
  return `mirror of ${knownHost}: ${evidence.map((e) => `${e.signal} (${e.detail})`).join('; ')}`.slice(0, 1000);
}
