// An active registry entry for the lifecycle, appeal and re-verification tests: a confirmed match published and its
// domain approved by two different investigators.
import { expect } from 'vitest';
import { decideEntry } from '../../registry/approvals.ts';
import { publishMatch, registryIdFor } from '../../registry/publish.ts';
import type { Db } from '../../storage/db.ts';
import { testConfig } from '../kit/config.ts';
import { silentLog } from '../kit/log.ts';
import { seedMatch, seedUser } from './registry-fixtures.ts';

export async function activeEntry(db: Db, url = 'https://kinogo-kz.example/films/1', validDays = 180): Promise<{ entryId: string; matchId: string; serial: number }> {
  const m = await seedMatch(db, url);
  await publishMatch({ db, cfg: testConfig(), log: silentLog() }, m);
  const entryId = registryIdFor(new URL(url).hostname);
  const a = await seedUser(db, `inv-a-${entryId.slice(4, 12)}`, 'investigator');
  const b = await seedUser(db, `inv-b-${entryId.slice(4, 12)}`, 'investigator');
  await decideEntry(db, { entryId, userId: a.user.id, verdict: 'approve', validDays });
  expect(await decideEntry(db, { entryId, userId: b.user.id, verdict: 'approve', validDays })).toBe('active');
  const [r] = await db.query<{ serial: number }>('SELECT serial FROM registry_entries WHERE id = $1', [entryId]);
  return { entryId, matchId: m, serial: Number(r!.serial) };
}
