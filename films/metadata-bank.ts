// The MetadataBank port of matcher/metadata.ts over the films table: ids by index, titles through the
// transliterating title search (films/search.ts), enabled films only.
import type { MetadataBank } from '../matcher/metadata.ts';
import type { Db } from '../storage/db.ts';
import { allFilmTitles, filmsByExternalId } from '../storage/films.ts';
import { MIN_TITLE_SCORE, skeletonCache, titleScore } from '../titles/similarity.ts';

export function metadataBank(db: Db, skeletonOf: (s: string) => string = skeletonCache()): MetadataBank {
  return {
    byExternalId: (q) => filmsByExternalId(db, q),
    async byTitles(titles) {
      const rows = await allFilmTitles(db, { enabledOnly: true });
      const out = [];
      for (const r of rows) {
        const names = [r.title_kk, r.title_ru, r.title_en, r.original_title, ...r.alt_titles];
        let best = { score: 0, title: '' };
        for (const t of titles) {
          const score = titleScore(t, names, skeletonOf);
          if (score > best.score) best = { score, title: t };
        }
        if (best.score >= MIN_TITLE_SCORE) out.push({ filmId: r.id, year: r.year, ...best });
      }
      return out.sort((a, b) => b.score - a.score).slice(0, 10);
    },
  };
}
