// Response shapes of the registry exports (documentation and OpenAPI; the bodies are sent as pre-rendered bytes).
const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;

export const filmSchema = {
  type: 'object',
  properties: { id: str, titleKk: str, titleRu: str, titleEn: { type: ['string', 'null'] } },
  required: ['id', 'titleKk', 'titleRu', 'titleEn'],
} as const;

const entry = {
  type: 'object',
  properties: { serial: int, domain: str, activatedAt: str, films: { type: 'array', items: filmSchema }, reason: str },
  required: ['serial', 'domain', 'activatedAt', 'films', 'reason'],
} as const;

const auditHead = { type: ['object', 'null'], properties: { seq: int, hash: str }, required: ['seq', 'hash'] } as const;

export const registrySchema = {
  type: 'object',
  properties: { serial: int, generatedAt: str, auditHead, entries: { type: 'array', items: entry } },
  required: ['serial', 'generatedAt', 'auditHead', 'entries'],
} as const;

export const diffSchema = {
  type: 'object',
  properties: {
    since: int, serial: int, generatedAt: str, auditHead,
    added: { type: 'array', items: entry },
    removed: { type: 'array', items: { type: 'object', properties: { serial: int, domain: str, status: str, removedAt: str }, required: ['serial', 'domain', 'status', 'removedAt'] } },
  },
  required: ['since', 'serial', 'generatedAt', 'auditHead', 'added', 'removed'],
} as const;
