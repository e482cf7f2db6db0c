// JSON schemas of the portal's film routes (api/routes/portal-films.ts): the film form, one film's page, an upload.
import { MAX_ALT_TITLES, MAX_TEXT } from '../../films/meta.ts';

const str = { type: 'string' } as const;
const nstr = { type: ['string', 'null'] } as const;
const nint = { type: ['integer', 'null'] } as const;
const text = { type: 'string', maxLength: MAX_TEXT } as const; // numbers and null are coerced (ajv coerceTypes)

/** The form: every title-data field as typed (validated by films/meta.ts), licensed platforms, and filmId to edit. */
export const filmForm = {
  type: 'object',
  properties: {
    filmId: { type: 'string', minLength: 1, maxLength: 100 },
    titleKk: text, titleRu: text, titleEn: text, originalTitle: text,
    altTitles: { anyOf: [{ type: 'string', maxLength: MAX_TEXT * MAX_ALT_TITLES }, { type: 'array', maxItems: 100, items: { type: 'string', maxLength: MAX_TEXT } }] },
    year: text, genre: text, durationMin: text, stateRegisterNo: text, distributionCertificate: text, distributionCertificateDate: text,
    nationalFilmCertificate: text, eidr: text, kinopoiskId: text, imdbId: text, rightsHolder: text, rightsHolderBin: text, territory: text,
    rightsFrom: text, rightsTo: text, noticeContact: text,
    licensedPlatforms: { type: 'array', maxItems: 200, items: { type: 'string', minLength: 1, maxLength: 300 } },
  },
  additionalProperties: false,
} as const;

export const uploadInfo = {
  type: 'object',
  properties: {
    id: str, filmId: str, kind: str, fileName: str, declaredBytes: { type: 'integer' }, receivedBytes: { type: 'integer' }, status: str,
    sha256: nstr, progress: { type: 'number' }, stage: nstr, error: nstr, fingerprints: nint, createdAt: str, updatedAt: str, finishedAt: nstr,
  },
  required: ['id', 'filmId', 'kind', 'fileName', 'declaredBytes', 'receivedBytes', 'status', 'progress', 'createdAt', 'updatedAt'],
} as const;

const film = {
  type: 'object',
  properties: {
    id: str, titleKk: str, titleRu: str, titleEn: nstr, originalTitle: nstr, altTitles: { type: 'array', items: str }, year: nint, genre: nstr,
    durationMin: nint, stateRegisterNo: nstr, distributionCertificate: nstr, distributionCertificateDate: nstr, nationalFilmCertificate: nstr,
    eidr: nstr, kinopoiskId: nint, imdbId: nstr, rightsHolder: nstr, rightsHolderBin: nstr, territory: nstr, rightsFrom: nstr, rightsTo: nstr,
    noticeContact: nstr, enabled: { type: 'boolean' }, protection: str,
    licensedPlatforms: { type: 'array', items: { type: 'object', properties: { kind: str, value: str }, required: ['kind', 'value'] } },
  },
  required: ['id', 'titleKk', 'titleRu', 'protection', 'licensedPlatforms', 'altTitles'],
} as const;

export const filmPage = {
  type: 'object',
  properties: {
    film,
    uploads: { type: 'array', items: uploadInfo },
    detections: {
      type: 'array',
      items: {
        type: 'object',
        properties: { matchId: str, url: str, domain: str, decision: str, status: str, score: { type: 'number' }, signal: nstr, detectedAt: str, decidedAt: nstr, packet: { type: 'boolean' } },
        required: ['matchId', 'url', 'domain', 'decision', 'status', 'score', 'detectedAt', 'packet'],
      },
    },
    registry: { type: 'array', items: { type: 'object', properties: { serial: nint, domain: str, status: str, activatedAt: nstr }, required: ['domain', 'status'] } },
    delisting: { type: 'array', items: { type: 'object', properties: { url: str, status: str, createdAt: str, deadlineAt: str }, required: ['url', 'status', 'createdAt', 'deadlineAt'] } },
  },
  required: ['film', 'uploads', 'detections', 'registry', 'delisting'],
} as const;
