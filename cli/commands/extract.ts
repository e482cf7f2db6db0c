// kuzet extract --file PAGE.html --url ORIGINAL_URL [--content-type CT] [--json] — runs the page extractor on a
// saved page (no network) and prints the ExtractResult.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { extractPage, type ExtractResult } from '../../crawlers/extract.ts';
import { UsageError, type Command } from '../command.ts';

function summary(r: ExtractResult): string[] {
  const list = (name: string, xs: string[]) => (xs.length ? [`${name}:`, ...xs.map((x) => `  ${x}`)] : []);
  return [
    `kind: ${r.kind}${r.profiles.length ? ` (${r.profiles.join(', ')})` : ''}`,
    `title: ${r.title ?? '-'}${r.originalTitle ? ` / ${r.originalTitle}` : ''}${r.year ? ` (${r.year})` : ''}`,
    `kinopoisk: ${r.externalIds.kinopoisk ?? '-'}  imdb: ${r.externalIds.imdb ?? '-'}`,
    ...list('posters', r.posters),
    ...list('players', r.players),
    ...list('streams', r.streams),
    ...list('trailers', r.trailers),
    ...list('magnets (btih)', r.infoHashes),
    ...list('torrents', r.torrents),
    ...(r.items.length ? [`items: ${r.items.length}`, ...r.items.map((i) => `  ${i.title} → ${i.url}`)] : []),
    ...(r.messages.length ? [`messages: ${r.messages.length}`, ...r.messages.map((m) => `  ${m.url} videos=${m.videos.length} links=${m.links.length}`)] : []),
  ];
}

const command: Command = {
  path: ['extract'],
  summary: 'extract titles, players, streams, magnets, listing items or Telegram messages from a saved page',
  usage: 'kuzet extract --file PAGE.html --url ORIGINAL_URL [--content-type "text/html; charset=windows-1251"] [--json]',
  async run(argv, env) {
    const { values } = parseArgs({
      args: argv,
      options: { file: { type: 'string' }, url: { type: 'string' }, 'content-type': { type: 'string' }, json: { type: 'boolean' } },
    });
    if (!values.file) throw new UsageError('--file is required');
    if (!values.url) throw new UsageError('--url is required (relative links are resolved against it)');
    try {
      new URL(values.url);
    } catch {
      throw new UsageError(`--url is not an absolute URL: ${values.url}`);
    }
    if (!fs.existsSync(values.file)) throw new UsageError(`no such file: ${values.file}`);
    const r = extractPage(fs.readFileSync(values.file), values.url, values['content-type']);
    if (values.json) env.io.out(JSON.stringify(r, null, 2));
    else for (const line of summary(r)) env.io.out(line);
    return 0;
  },
};
export default command;
