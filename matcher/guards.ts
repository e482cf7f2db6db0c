// HMA's roadmap guards for the frame bank. Negative bank: frames that hit many films (studio logos, black, credits,
// a shared title card) never vote. Flood quarantine: a reference hash that suddenly matches a large share of
// unrelated queries (its film did not win them) is flagged, persisted, and stops voting.
import type { Logger } from 'pino';
import type { LoadedBank } from './bank-index.ts';
import { hexToWords } from './hamming.ts';
import type { QuarantineStore } from './ports.ts';

/** a reference frame whose picture (full variant) lies within this radius of frames of ≥ minFilms films is negative */
export const NEGATIVE_RADIUS = 31;
export const NEGATIVE_MIN_FILMS = 3;

/** Reference hashes that hit frames of at least `minFilms` distinct films (counting their own): negative-bank candidates. */
export function findMultiFilmHashes(bank: LoadedBank, opts: { minFilms?: number; radius?: number } = {}): Array<{ hash: string; films: number }> {
  const minFilms = opts.minFilms ?? NEGATIVE_MIN_FILMS;
  const radius = opts.radius ?? NEGATIVE_RADIUS;
  const seen = new Set<string>();
  const out: Array<{ hash: string; films: number }> = [];
  for (const s of bank.frames) {
    if (s.variant !== 'full' || seen.has(s.hash)) continue;
    seen.add(s.hash);
    const films = new Set(bank.frameIndex.search(hexToWords(s.hash), radius).map((h) => bank.frames[h.id]!.filmId));
    if (films.size >= minFilms) out.push({ hash: s.hash, films: films.size });
  }
  return out;
}

export interface FloodOptions {
  /** queries remembered */
  window: number;
  /** no verdict before this many queries were seen */
  minQueries: number;
  /** share of the window's queries a hash may hit without its film winning */
  share: number;
  /** and at least this many such queries */
  minHits: number;
}

export const FLOOD_DEFAULTS: FloodOptions = { window: 200, minQueries: 20, share: 0.2, minHits: 8 };

export interface FloodStatus {
  quarantined: number;
  hashes: Array<{ hash: string; reason: string }>;
  windowQueries: number;
  options: FloodOptions;
}

/** One per matcher process (like BankIndexCache); quarantines survive restarts through the store. */
export class FloodGuard {
  private readonly recent: string[][] = [];
  private readonly counts = new Map<string, number>();
  private readonly flagged = new Map<string, string>();
  private loaded = false;
  readonly opts: FloodOptions;

  constructor(
    private readonly store: QuarantineStore | null,
    opts: Partial<FloodOptions> = {},
    private readonly log?: Logger,
  ) {
    this.opts = { ...FLOOD_DEFAULTS, ...opts };
  }

  async load(): Promise<void> {
    if (this.loaded || !this.store) return void (this.loaded = true);
    for (const q of await this.store.quarantined()) this.flagged.set(q.hash, q.reason);
    this.loaded = true;
  }

  isQuarantined(hash: string): boolean {
    return this.flagged.has(hash);
  }

  /** Records one query's raw reference hits and its winning film; returns the hashes quarantined now. */
  async observe(hits: ReadonlyArray<{ hash: string; filmId: string }>, winner: string | null): Promise<string[]> {
    const unrelated = [...new Set(hits.filter((h) => h.filmId !== winner && !this.flagged.has(h.hash)).map((h) => `${h.hash}|${h.filmId}`))];
    this.recent.push(unrelated);
    for (const k of unrelated) this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    if (this.recent.length > this.opts.window) {
      for (const k of this.recent.shift()!) {
        const n = (this.counts.get(k) ?? 1) - 1;
        if (n > 0) this.counts.set(k, n);
        else this.counts.delete(k);
      }
    }
    if (this.recent.length < this.opts.minQueries) return [];
    const limit = Math.max(this.opts.minHits, this.opts.share * this.recent.length);
    const now: string[] = [];
    for (const k of unrelated) {
      const n = this.counts.get(k) ?? 0;
      const [hash, filmId] = k.split('|') as [string, string];
      if (n < limit || this.flagged.has(hash)) continue;
      const reason = `flood: hit ${n} of the last ${this.recent.length} queries without its film winning`;
      this.flagged.set(hash, reason);
      now.push(hash);
      await this.store?.quarantine({ hash, filmId, reason, hits: n, windowQueries: this.recent.length });
      this.log?.warn({ hash, filmId, hits: n, windowQueries: this.recent.length }, 'reference hash quarantined (flood)');
    }
    return now;
  }

  status(): FloodStatus {
    return { quarantined: this.flagged.size, hashes: [...this.flagged].map(([hash, reason]) => ({ hash, reason })), windowQueries: this.recent.length, options: this.opts };
  }
}
