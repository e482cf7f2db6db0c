// kuzet films add — register a national film: store its master video (and poster), hash frames into the bank.
import { parseArgs } from 'node:util';
import { forComponent } from '../../config/log.ts';
import { registerFilm } from '../../matcher/register.ts';
import { UsageError, type Command, withStore } from '../command.ts';

const filmsAdd: Command = {
  path: ['films', 'add'],
  summary: 'register a national film (video + optional poster) in the film bank',
  usage: 'kuzet films add --title-ru T --title-kk T [--title-en T] [--year N] [--kinopoisk-id N] [--imdb-id ttNNNNNNN] --video FILE [--poster IMAGE] [--json]',
  async run(argv, env) {
    const { values: v } = parseArgs({
      args: argv,
      options: {
        'title-ru': { type: 'string' }, 'title-kk': { type: 'string' }, 'title-en': { type: 'string' }, year: { type: 'string' },
        'kinopoisk-id': { type: 'string' }, 'imdb-id': { type: 'string' }, video: { type: 'string' }, poster: { type: 'string' }, json: { type: 'boolean' },
      },
    });
    const titleRu = v['title-ru'];
    const titleKk = v['title-kk'];
    const video = v.video;
    if (!titleRu || !titleKk) throw new UsageError('--title-ru and --title-kk are required');
    if (!video) throw new UsageError('--video is required');
    const year = v.year === undefined ? undefined : Number(v.year);
    if (year !== undefined && !(Number.isInteger(year) && year >= 1890 && year <= 2200)) throw new UsageError('--year must be a year between 1890 and 2200');
    const kp = v['kinopoisk-id'] === undefined ? undefined : Number(v['kinopoisk-id']);
    if (kp !== undefined && !(Number.isSafeInteger(kp) && kp > 0)) throw new UsageError('--kinopoisk-id must be a positive integer');
    if (v['imdb-id'] !== undefined && !/^tt[0-9]{7,10}$/.test(v['imdb-id'])) throw new UsageError('--imdb-id must look like tt1234567');
    return withStore(env, async (ctx) => {
      const r = await registerFilm(
        { db: ctx.db, blobs: ctx.blobs, cfg: ctx.config, log: forComponent(ctx.log, 'hasher') },
        { titleRu, titleKk, titleEn: v['title-en'], year, kinopoiskId: kp, imdbId: v['imdb-id'], video, poster: v.poster, actor: 'cli' },
      );
      const out = { id: r.filmId, created: r.created, fingerprints: r.fingerprints };
      env.io.out(v.json ? JSON.stringify(out) : `${r.created ? 'registered' : 'already registered'}: ${r.filmId} (${r.fingerprints} fingerprints)`);
      return 0;
    });
  },
};

export default filmsAdd;
