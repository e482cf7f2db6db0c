// The matcher's ports (HMA vocabulary): the film bank it reads signals from, and the index it searches them with.
// Adapters live elsewhere (storage/film-bank.ts over the fingerprints table; matcher/index/ for MIH).
import type { AudioPrint } from './audio.ts';

export interface BankSignal {
  filmId: string;
  /** seconds into the reference video; 0 for posters */
  t: number;
  /** 64 lower-case hex chars (PDQ) */
  hash: string;
  variant: string;
}

export interface FilmBankStore {
  /** Changes whenever the searchable signals change (new/removed fingerprints, a film enabled/disabled). */
  checkpoint(): Promise<string>;
  /** PDQ signals of video frames of enabled films. */
  frameSignals(): Promise<BankSignal[]>;
  /** PDQ signals of posters of enabled films. */
  posterSignals(): Promise<BankSignal[]>;
  /** The negative bank: hashes that never vote (logos, black, credits); optional for older adapters. */
  negativeSignals?(): Promise<string[]>;
  /** A film's Chromaprint (its master's soundtrack), for audio confirmation; absent: no audio confirmation. */
  audioPrint?(filmId: string): Promise<AudioPrint | null>;
}

/** Persistence of flood-quarantined reference hashes (matcher/guards.ts). */
export interface QuarantineStore {
  quarantined(): Promise<Array<{ hash: string; reason: string }>>;
  quarantine(q: { hash: string; filmId: string; reason: string; hits: number; windowQueries: number }): Promise<void>;
}

/** A Hamming-radius index over packed 256-bit hashes (8 words each); matches matcher/index's HashIndex. */
export interface SignalIndex {
  search(query: Uint32Array, radius: number, out?: Array<{ id: number; distance: number }>): Array<{ id: number; distance: number }>;
}

export type IndexFactory = (hashes: Uint32Array, n: number) => SignalIndex;
