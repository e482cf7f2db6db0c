// The portal's film routes (issue 11): register or edit a film from the form (same validation as the register
// import and `kuzet films add`), one film's page data (title data, protection, uploads, what happened because of
// it), and the reference upload: open (or resume) → PUT chunks at their offset → the film.reference job
// fingerprints it, its progress read back here. A rights holder reaches only its own films: another holder's film
// or upload is a 404, the same answer as one that does not exist.
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkDeclared, CHUNK_MAX_BYTES, receiveChunk, UploadError } from '../../films/reference-upload.ts';
import { validateFilmMeta, type MetaKey } from '../../films/meta.ts';
import { FilmConflictError, upsertFilm } from '../../films/upsert.ts';
import { getFilmRecord, userHoldsFilm } from '../../storage/films.ts';
import { parseLicensedPlatform, setLicensedPlatforms } from '../../storage/licensed-platforms.ts';
import { filmActivity } from '../../storage/portal.ts';
import { getUpload, openUpload, uploadsOfFilm, type ReferenceUpload } from '../../storage/uploads.ts';
import type { User } from '../../storage/users.ts';
import { withErrors, type RouteOpts } from '../deps.ts';
import { allow, HttpError, userOf } from '../plugins/auth.ts';
import { filmForm, filmPage, uploadInfo } from './portal-schemas.ts';

const id = { type: 'string', minLength: 1, maxLength: 100 } as const;
const EDITORS = ['admin', 'rights_holder'] as const;
const VIEWERS = ['admin', 'supervisor', 'rights_holder'] as const;

export default async function portalFilmRoutes(app: FastifyInstance, { deps }: RouteOpts) {
  const { db, blobs, config, pipeline } = deps;
  const uploads = { db, blobs, dir: path.join(config.dataDir, 'uploads') };
  // chunks are read from the request stream by the handler (never buffered whole, never walked as an object)
  app.addContentTypeParser('application/octet-stream', (_req, _payload, done) => done(null, undefined));

  const mayEdit = (u: User) => (EDITORS as readonly string[]).includes(u.role);
  async function ownFilm(req: FastifyRequest, filmId: string) {
    const user = userOf(req);
    const film = await getFilmRecord(db, filmId);
    if (!film || (user.role === 'rights_holder' && !(await userHoldsFilm(db, user.id, filmId)))) throw new HttpError(404, 'not_found', `no film ${filmId} of yours`);
    return { user, film };
  }
  async function ownUpload(req: FastifyRequest, uploadId: string): Promise<ReferenceUpload> {
    const user = userOf(req);
    const up = await getUpload(db, uploadId);
    if (!up || (user.role === 'rights_holder' && up.userId !== user.id && !(await userHoldsFilm(db, user.id, up.filmId)))) throw new HttpError(404, 'not_found', `no upload ${uploadId} of yours`);
    return up;
  }

  app.post<{ Body: Record<string, unknown> & { filmId?: string; licensedPlatforms?: string[] } }>('/api/portal/films', {
    config: allow(...EDITORS), schema: { body: filmForm, response: withErrors({ type: 'object', properties: { filmId: id, status: { type: 'string' } }, required: ['filmId', 'status'] }) },
  }, async (req) => {
    const user = userOf(req);
    const { filmId, licensedPlatforms, ...raw } = req.body;
    if (filmId) await ownFilm(req, filmId);
    const { meta, errors } = validateFilmMeta(raw as Partial<Record<MetaKey, unknown>>, { requireTitles: !filmId });
    const platforms: string[] = [];
    for (const p of licensedPlatforms ?? []) {
      try { parseLicensedPlatform(p); platforms.push(p); } catch (e) { errors.push(`licensed_platforms: ${(e as Error).message}`); }
    }
    if (errors.length) throw new HttpError(400, 'bad_request', errors.join('; '));
    try {
      const r = await upsertFilm(db, meta, { actor: user.id, userId: user.id, linkToUser: user.role === 'rights_holder', onlyOwnFilms: user.role === 'rights_holder', filmId, details: { via: 'portal' } });
      if (licensedPlatforms) await setLicensedPlatforms(db, { filmId: r.filmId, platforms, actor: user.id });
      return { filmId: r.filmId, status: r.status };
    } catch (e) {
      if (e instanceof FilmConflictError) throw new HttpError(409, 'conflict', e.message);
      throw e;
    }
  });

  app.get<{ Params: { filmId: string } }>('/api/portal/films/:filmId', {
    config: allow(...VIEWERS), schema: { params: { type: 'object', properties: { filmId: id }, required: ['filmId'] }, response: withErrors(filmPage) },
  }, async (req, reply) => {
    const { film } = await ownFilm(req, req.params.filmId);
    reply.header('cache-control', 'no-store');
    return { film, uploads: await uploadsOfFilm(db, film.id), ...(await filmActivity(db, film.id)) };
  });

  app.post<{ Params: { filmId: string }; Body: { kind: 'video' | 'poster'; fileName: string; bytes: number } }>('/api/portal/films/:filmId/uploads', {
    config: allow(...EDITORS),
    schema: {
      params: { type: 'object', properties: { filmId: id }, required: ['filmId'] },
      body: { type: 'object', properties: { kind: { type: 'string', enum: ['video', 'poster'] }, fileName: { type: 'string', minLength: 1, maxLength: 500 }, bytes: { type: 'integer', minimum: 1 } }, required: ['kind', 'fileName', 'bytes'], additionalProperties: false },
      response: withErrors({ type: 'object', properties: { upload: uploadInfo, resumed: { type: 'boolean' }, chunkBytes: { type: 'integer' } }, required: ['upload', 'resumed', 'chunkBytes'] }),
    },
  }, async (req) => {
    const { user } = await ownFilm(req, req.params.filmId);
    if (!mayEdit(user)) throw new HttpError(403, 'forbidden', 'only the film’s rights holder or an admin uploads its reference');
    const fileName = asHttp(() => checkDeclared(req.body.kind, req.body.fileName, req.body.bytes, config.uploadMaxBytes));
    const r = await openUpload(db, { filmId: req.params.filmId, userId: user.id, kind: req.body.kind, fileName, bytes: req.body.bytes });
    return { ...r, chunkBytes: CHUNK_MAX_BYTES };
  });

  app.put<{ Params: { uploadId: string }; Querystring: { offset: number } }>('/api/portal/uploads/:uploadId', {
    config: allow(...EDITORS),
    bodyLimit: CHUNK_MAX_BYTES + 1024,
    schema: {
      params: { type: 'object', properties: { uploadId: id }, required: ['uploadId'] },
      querystring: { type: 'object', properties: { offset: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } }, required: ['offset'], additionalProperties: false },
      response: withErrors({ type: 'object', properties: { upload: uploadInfo }, required: ['upload'] }),
    },
  }, async (req, reply) => {
    if (req.headers['content-type'] !== 'application/octet-stream') throw new HttpError(415, 'unsupported_media_type', 'send each chunk as application/octet-stream');
    const up = await ownUpload(req, req.params.uploadId);
    let after: ReferenceUpload;
    try {
      after = await receiveChunk(uploads, up, req.query.offset, req.raw);
    } catch (e) {
      if (!(e instanceof UploadError)) throw e;
      if (e.received !== undefined) reply.header('upload-offset', String(e.received));
      throw new HttpError(e.status, e.status === 409 ? 'conflict' : e.status === 413 ? 'payload_too_large' : 'bad_request', e.message);
    }
    if (after.status === 'stored') {
      // queued now; if Redis is away the upload stays `stored` and the upload sweep queues it (same job id)
      await pipeline.referenceStored(after.id, req.id).catch((e: Error) => req.log.warn({ uploadId: after.id, err: e.message }, 'fingerprint job not queued yet: the sweep will'));
      req.log.info({ uploadId: after.id, filmId: after.filmId, kind: after.kind, bytes: after.declaredBytes, sha256: after.sha256 }, 'reference upload stored');
    }
    return { upload: after };
  });

  app.get<{ Params: { uploadId: string } }>('/api/portal/uploads/:uploadId', {
    config: allow(...VIEWERS), schema: { params: { type: 'object', properties: { uploadId: id }, required: ['uploadId'] }, response: withErrors({ type: 'object', properties: { upload: uploadInfo }, required: ['upload'] }) },
  }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return { upload: await ownUpload(req, req.params.uploadId) };
  });
}

function asHttp<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UploadError) throw new HttpError(e.status, e.status === 413 ? 'payload_too_large' : 'bad_request', e.message);
    throw e;
  }
}
