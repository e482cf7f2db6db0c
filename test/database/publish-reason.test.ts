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
    await db.query(`UPDATE matches SET details = '{"stage":"local","local":{"agreeingFrames":3,"inliers":[40,52,61]}}' WHERE id = $1`, [local]);
    for (const m of [pdq, local]) await publishMatch({ db, cfg: testConfig(), log: silentLog() }, m);
    const reasons = await db.query<{ url: string; reason: string }>('SELECT url, reason FROM delist_items ORDER BY url');
    expect(reasons[0]!.reason).toMatch(/score 0\.93\)$/);
    expect(reasons[1]!.reason).toMatch(/found by local features, 3 frames agreeing\)$/);
    expect(reasons[1]!.reason).not.toContain('score');
    await db.close();
  });
});
