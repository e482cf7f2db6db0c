// Response schema of GET /api/portal/dashboard (the OpenAPI document is generated from it).
const str = { type: 'string' } as const;
const nstr = { type: ['string', 'null'] } as const;
const int = { type: 'integer' } as const;
const nint = { type: ['integer', 'null'] } as const;
const bool = { type: 'boolean' } as const;

const film = {
  type: 'object',
  properties: { id: str, titleKk: str, titleRu: str, titleEn: nstr, stateRegisterNo: nstr, rightsHolder: nstr },
  required: ['id', 'titleKk', 'titleRu'],
} as const;

const detection = {
  type: 'object',
  properties: { day: str, filmId: str, domain: str, status: { type: 'string', enum: ['confirmed', 'waiting', 'rejected'] }, count: int },
  required: ['day', 'filmId', 'domain', 'status', 'count'],
} as const;

const slaItem = {
  type: 'object',
  properties: {
    matchId: str, filmId: str, url: str, domain: str, status: str, detectedAt: str, confirmedAt: nstr,
    entryStatus: nstr, activatedAt: nstr, serial: nint,
    delistItemId: nstr, delistCreatedAt: nstr, deadlineAt: nstr, delistStatus: nstr, delistedAt: nstr, enginesDelisted: int, enginesRefused: int,
    appliedAt: nstr, operatorsApplied: int, overdue: bool, late: bool,
  },
  required: ['matchId', 'filmId', 'url', 'domain', 'status', 'detectedAt', 'overdue', 'late'],
} as const;

const exposure = {
  type: 'object',
  properties: {
    filmId: str, urls: int, domains: { type: 'array', items: str }, telegramChannels: int, views: int, subscribers: int,
    maxDaysOnline: { type: 'number' }, confirmedMatches: int, waitingMatches: int, blockedUrls: int,
  },
  required: ['filmId', 'urls', 'domains', 'telegramChannels', 'views', 'subscribers', 'maxDaysOnline', 'confirmedMatches', 'waitingMatches', 'blockedUrls'],
} as const;

export const dashboardSchema = {
  type: 'object',
  properties: {
    generatedAt: str,
    timeZone: str,
    period: { type: 'object', properties: { from: str, to: str, days: { type: 'array', items: str } }, required: ['from', 'to', 'days'] },
    films: { type: 'array', items: film },
    detections: { type: 'array', items: detection },
    sla: { type: 'object', properties: { items: { type: 'array', items: slaItem }, operatorsTotal: int }, required: ['items', 'operatorsTotal'] },
    exposure: { type: 'array', items: exposure },
  },
  required: ['generatedAt', 'timeZone', 'period', 'films', 'detections', 'sla', 'exposure'],
} as const;
