// Creating or updating a film from title data alone (the register import, `kuzet films add` without a video, the
// portal form). Idempotent by State Film Register number: the same number updates that film, never a second one;
// identical data is `unchanged` and writes nothing. Each write is audited in its own transaction.
import { appendAudit } from '../storage/audit.ts';
import type { Db } from '../storage/db.ts';
import { newFilmId } from '../storage/film-bank.ts';
import { filmByRegisterNo, getFilmRecord, insertFilmMeta, userHoldsFilm, writeFilmMeta, type FilmRecord } from '../storage/films.ts';
import { linkFilm } from '../storage/users.ts';
import type { FilmMeta, MetaKey } from './meta.ts';

export type UpsertStatus = 'created' | 'updated' | 'unchanged';

export interface UpsertOpts {
  actor: string;
  /** the user the film is created by; a rights holder's imported films are linked to them */
  userId?: string | null;
  linkToUser?: boolean;
  /** a rights holder: may only update films linked to them (another holder's register number is refused) */
  onlyOwnFilms?: boolean;
  /** update this film (the portal's edit form) instead of looking the register number up */
  filmId?: string;
  /** audit details added to each row (e.g. the import file's sha256 and line) */
  details?: Record<string, unknown>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields of `meta` whose value differs from the stored film. */
export function changedFields(film: FilmRecord, meta: FilmMeta): MetaKey[] {
  return (Object.keys(meta) as MetaKey[]).filter((k) => meta[k] !== undefined && !same(film[k], meta[k]));
}

export class FilmConflictError extends Error {}

export async function upsertFilm(db: Db, meta: FilmMeta, opts: UpsertOpts): Promise<{ status: UpsertStatus; filmId: string; changed: MetaKey[] }> {
  return db.tx(async (t) => {
    const existing = opts.filmId ? await getFilmRecord(t, opts.filmId) : meta.stateRegisterNo ? await filmByRegisterNo(t, meta.stateRegisterNo) : null;
    if (opts.filmId && !existing) throw new FilmConflictError(`no film ${opts.filmId}`);
    if (opts.filmId && meta.stateRegisterNo && existing && meta.stateRegisterNo !== existing.stateRegisterNo) {
      const other = await filmByRegisterNo(t, meta.stateRegisterNo);
      if (other) throw new FilmConflictError(`register number ${meta.stateRegisterNo} belongs to film ${other.id}`);
    }
    if (existing && opts.onlyOwnFilms && !(opts.userId && (await userHoldsFilm(t, opts.userId, existing.id)))) {
      throw new FilmConflictError(`register number ${existing.stateRegisterNo ?? ''} is another rights holder's film`.replace('  ', ' '));
    }
    let status: UpsertStatus;
    let filmId: string;
    let changed: MetaKey[];
    if (existing) {
      filmId = existing.id;
      changed = changedFields(existing, meta);
      status = changed.length ? 'updated' : 'unchanged';
      if (changed.length) {
        await writeFilmMeta(t, filmId, Object.fromEntries(changed.map((k) => [k, meta[k]])) as FilmMeta);
        await appendAudit(t, { actor: opts.actor, action: 'film.update', subject: filmId, details: { ...opts.details, fields: changed } });
      }
    } else {
      if (!meta.titleKk || !meta.titleRu) throw new FilmConflictError('a new film needs title_kk and title_ru');
      filmId = newFilmId();
      changed = (Object.keys(meta) as MetaKey[]).filter((k) => meta[k] !== undefined && meta[k] !== null);
      status = 'created';
      await insertFilmMeta(t, filmId, { ...meta, titleKk: meta.titleKk, titleRu: meta.titleRu }, opts.userId ?? null);
      await appendAudit(t, {
        actor: opts.actor, action: 'film.create', subject: filmId,
        details: { ...opts.details, stateRegisterNo: meta.stateRegisterNo ?? null, titleKk: meta.titleKk, titleRu: meta.titleRu, protection: 'metadata' },
      });
    }
    if (opts.linkToUser && opts.userId) await linkFilm(t, { userId: opts.userId, filmId, actor: opts.actor });
    return { status, filmId, changed };
  });
}
