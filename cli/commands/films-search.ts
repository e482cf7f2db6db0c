// kuzet films search QUERY [--json] — find a registered film by any of its titles, whatever script was typed
// (Cyrillic or Latin Kazakh, Russian, "dala uni", "golos stepi", small typos). --json: {"films":[{id,title_kk,title_ru,title_en,score}]}.
import { parseArgs } from 'node:util';
import { MAX_QUERY, searchFilms } from '../../films/search.ts';
import { UsageError, type Command, withStore } from '../command.ts';

const filmsSearch: Command = {
  path: ['films', 'search'],
  summary: 'find a film by title in any script (Kazakh Cyrillic/Latin, Russian, transliterations, small typos)',
  usage: 'kuzet films search QUERY [--limit N] [--json]',
  async run(argv, env) {
    const { values: v, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, limit: { type: 'string' } } });
    const query = positionals.join(' ').trim();
    if (!query) throw new UsageError('give the title to look for');
    if (query.length > MAX_QUERY) throw new UsageError(`the query is longer than ${MAX_QUERY} characters`);
    const limit = v.limit === undefined ? 20 : Number(v.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new UsageError('--limit must be 1..500');
    return withStore(env, async (ctx) => {
      const films = await searchFilms(ctx.db, query, { limit });
      if (v.json) env.io.out(JSON.stringify({ films }));
      else if (!films.length) env.io.out(`no film like ${JSON.stringify(query)}`);
      else for (const f of films) env.io.out(`${f.score.toFixed(3)}  ${f.id}  ${f.title_kk} / ${f.title_ru}${f.title_en ? ` / ${f.title_en}` : ''}`);
      return 0;
    });
  },
};

export default filmsSearch;
