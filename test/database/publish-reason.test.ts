// What a delisting item and a registry proposal say about how the copy was found: a picture-hash match gives its
// score; a copy found by the local-feature stage (issue 13) has no hash score, and must not read "score 0.00".
import { describe, expect, it } from 'vitest';
import { publishMatch } from '../../registry/publish.ts';
import { testConfig } from '../kit/config.ts';
import { freshPglite } from '../kit/db.ts';
import { silentLog } from '../kit/log.ts';
import { seedFilm, seedMatch } from './registry-fixtures.ts';

describe('publish reason', () => {
  it('names the deciding stage of a local-feature match instead of a zero score', async () => {
    const db = await freshPglite();
    const film = await seedFilm(db);
    const pdq = await seedMatch(db, 'https://a.pirate.example/f', { filmId: film, score: 0.93 });
    const local = await seedMatch(db, 'https://b.pirate.example/f', { filmId: film, score: 0 });
    const seen = [{ t: 1, refT: 2, inliers: 40, mirrored: false }];
    await db.query(`UPDATE matches SET details = $2 WHERE id = $1`, [local, JSON.stringify({ stage: 'local', local: { filmId: film, agreeingFrames: 3, seen } })]);
    // a lead of the stage (refused as a match: a short clip) that an investigator confirmed for the same film
    const lead = await seedMatch(db, 'https://c.pirate.example/f', { filmId: film, score: 0 });
    await db.query(`UPDATE matches SET details = $2 WHERE id = $1`, [lead, JSON.stringify({ stage: null, local: { filmId: null, refused: 'pinned', leadFilmId: film, agreeingFrames: 4, seen } })]);
    for (const m of [pdq, local, lead]) await publishMatch({ db, cfg: testConfig(), log: silentLog() }, m);
    const reasons = await db.query<{ url: string; reason: string }>('SELECT url, reason FROM delist_items ORDER BY url');
    expect(reasons[0]!.reason).toMatch(/score 0\.93\)$/);
    expect(reasons[1]!.reason).toMatch(/found by local features, 3 frames agreeing\)$/);
    expect(reasons[1]!.reason).not.toContain('score');
    expect(reasons[2]!.reason).toMatch(/found by local features, 4 frames agreeing\)$/);
    await db.close();
  });
});
