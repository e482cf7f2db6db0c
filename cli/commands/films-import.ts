// kuzet films import FILE.csv [--dry-run] [--json] — a State Film Register export (films/import.ts): one line per row
// (created / updated / unchanged / invalid with the reason), then the totals. --json prints exactly
// {"created":n,"updated":n,"unchanged":n,"invalid":[{"line","reason"}]}; unknown columns then go to stderr.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ENGLISH_HEADER, IMPORT_MAX_BYTES, ImportFileError, importFilms } from '../../films/import.ts';
import { UsageError, type Command, withStore } from '../command.ts';

const filmsImport: Command = {
  path: ['films', 'import'],
  summary: 'import a State Film Register export (CSV, UTF-8 or Windows-1251, ; or ,): idempotent by register number',
  usage: `kuzet films import FILE.csv [--dry-run] [--json]   (header: Russian register column names or ${ENGLISH_HEADER.join(', ')}; alt_titles and licensed_platforms |-separated)`,
  async run(argv, env) {
    const { values: v, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } } });
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UsageError('give one CSV file');
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      throw new UsageError(`cannot read ${file}`);
    }
    if (size > IMPORT_MAX_BYTES) throw new UsageError(`${file} is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MiB: split it`);
    const bytes = fs.readFileSync(file);
    return withStore(env, async (ctx) => {
      let r;
      try {
        r = await importFilms(ctx.db, bytes, { actor: 'cli', dryRun: Boolean(v['dry-run']) });
      } catch (e) {
        if (e instanceof ImportFileError) throw new UsageError(`${file}: ${e.message}`);
        throw e;
      }
      const unknown = r.unknownColumns.length ? `unknown columns (ignored): ${r.unknownColumns.map((c) => JSON.stringify(c)).join(', ')}` : null;
      if (v.json) {
        env.io.out(JSON.stringify({ created: r.created, updated: r.updated, unchanged: r.unchanged, invalid: r.invalid }));
        if (unknown) env.io.err(unknown);
        return 0;
      }
      if (unknown) env.io.out(unknown);
      for (const row of r.rows) {
        const what = row.status === 'invalid' ? `invalid: ${row.reason}` : `${row.status}${row.filmId ? ` ${row.filmId}` : ''}`;
        env.io.out(`line ${row.line}${row.registerNo ? ` (${row.registerNo})` : ''}: ${what}`);
      }
      const dry = r.dryRun ? ' (dry run: nothing written)' : '';
      env.io.out(`${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.invalid.length} invalid — ${r.encoding}, '${r.delimiter}'-separated${dry}`);
      if (r.created && !r.dryRun) env.io.out('films without a reference video are protected by metadata (ids, titles) and poster only until one is added: kuzet films add --video FILE --state-register-no N …');
      return 0;
    });
  },
};

export default filmsImport;
