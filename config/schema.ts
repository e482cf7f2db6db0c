// The whole configuration of a Kuzet process: one zod table, each field naming its env var and default.
// Parsed once at start-up (config/load.ts); every bad variable is reported at once.
import { isIP } from 'node:net';
import { z } from 'zod';
import { parseTestResolve } from '../net/test-resolve.ts';

export const ROLES = ['api', 'crawler', 'workers'] as const;
export type Role = (typeof ROLES)[number];

const list = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const num = (min: number, max: number) => z.coerce.number().min(min).max(max);
const url = z.string().url();
/** an IP address, or a CIDR range (address/prefix) */
const ipOrCidr = z.string().refine((s) => {
  const [addr, bits, ...rest] = s.split('/');
  const v = isIP(addr ?? '');
  return v !== 0 && !rest.length && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (v === 4 ? 32 : 128)));
}, 'each entry must be an IP address or a CIDR range');

/** env var name → [schema, default (undefined = optional)] */
export const fields = {
  dataDir: ['DATA_DIR', z.string().min(1), '.kuzet-data'],
  databaseUrl: ['DATABASE_URL', url.optional(), undefined],
  redisUrl: ['REDIS_URL', url.optional(), undefined],
  esUrl: ['ES_URL', url.optional(), undefined],
  esIndex: ['ES_INDEX', z.string().regex(/^[a-z0-9_-]+$/), 'kuzet'],
  roles: ['ROLES', list.pipe(z.array(z.enum(ROLES)).min(1)), ROLES.join(',')],
  host: ['HOST', z.string().min(1), '127.0.0.1'],
  port: ['PORT', int(0, 65535), '8080'],
  publicBaseUrl: ['PUBLIC_BASE_URL', url.optional(), undefined],
  trustProxy: ['TRUST_PROXY', list.pipe(z.array(ipOrCidr)), ''],
  rateLimitPerMinute: ['RATE_LIMIT_PER_MINUTE', int(1, 1_000_000), '600'],
  authFailuresPerMinute: ['AUTH_FAILURES_PER_MINUTE', int(1, 10_000), '20'],
  logLevel: ['LOG_LEVEL', z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'],
  logPretty: ['LOG_PRETTY', bool, 'false'],
  matchThreshold: ['MATCH_THRESHOLD', num(0, 1), '0.8'],
  reviewThreshold: ['REVIEW_THRESHOLD', num(0, 1), '0.45'],
  fetchAllowlist: ['FETCH_ALLOWLIST', list, ''],
  // tests and the demo only (refused with NODE_ENV=production): name=ip pairs every outbound request resolves first
  testResolve: ['TEST_RESOLVE', z.string().transform((s, ctx) => {
    try { return parseTestResolve(s); } catch (e) { ctx.addIssue({ code: 'custom', message: (e as Error).message }); return z.NEVER; }
  }), ''],
  fetchMaxBytes: ['FETCH_MAX_BYTES', int(1024, 10 * 1024 ** 3), String(64 * 1024 ** 2)],
  fetchTimeoutMs: ['FETCH_TIMEOUT_MS', int(100, 600_000), '20000'],
  crawlUserAgent: ['CRAWL_USER_AGENT', z.string().min(1), 'KuzetBot/0.1 (+https://kuzet.kz/bot)'],
  crawlMaxPages: ['CRAWL_MAX_PAGES', int(1, 1_000_000), '200'],
  crawlConcurrency: ['CRAWL_CONCURRENCY', int(1, 64), '4'],
  crawlDomainDelayMs: ['CRAWL_DOMAIN_DELAY_MS', int(0, 600_000), '0'],
  crawlMaxPerMinute: ['CRAWL_MAX_PER_MINUTE', int(1, 1_000_000), '6000'],
  workerConcurrency: ['WORKER_CONCURRENCY', int(1, 64), '2'],
  framesPerProbe: ['MATCH_SAMPLE_FRAMES', int(4, 600), '24'],
  delistDeadlineHours: ['DELIST_DEADLINE_HOURS', int(1, 24 * 30), '24'],
  exportVersionTtlMs: ['EXPORT_VERSION_TTL_MS', int(0, 60_000), '1000'],
  telegramBotToken: ['TELEGRAM_BOT_TOKEN', z.string().optional(), undefined],
  cliApiKey: ['KUZET_API_KEY', z.string().min(1).max(200).optional(), undefined],
  nodeEnv: ['NODE_ENV', z.string().optional(), undefined],
  signingKeyCreate: ['SIGNING_KEY_CREATE', z.enum(['auto', 'never']).optional(), undefined],
  telegramApiRoot: ['TELEGRAM_API_ROOT', url, 'https://api.telegram.org'],
  chromiumPath: ['CHROMIUM_PATH', z.string().min(1), '/usr/bin/chromium'],
  // evidence capture (issue 9): a full-page screenshot per candidate revision, on the capture queue
  evidenceScreenshots: ['EVIDENCE_SCREENSHOTS', bool, 'true'],
  localFeatures: ['LOCAL_FEATURES', bool, 'false'],
  ffmpegPath: ['FFMPEG_PATH', z.string().min(1), 'ffmpeg'],
  ffprobePath: ['FFPROBE_PATH', z.string().min(1), 'ffprobe'],
  fpcalcPath: ['FPCALC_PATH', z.string().min(1), 'fpcalc'],
  redisServerPath: ['REDIS_SERVER_PATH', z.string().min(1), 'redis-server'],
  // entry lifecycle (issue 10): expiry, re-verification, appeals, what the public entry page shows
  entryValidDays: ['ENTRY_VALID_DAYS', int(1, 3650), '180'],
  reverifyLeadDays: ['REVERIFY_LEAD_DAYS', int(0, 365), '14'],
  appealDeadlineWorkingDays: ['APPEAL_DEADLINE_WORKING_DAYS', int(1, 120), '10'],
  // rights holders' portal (issue 11): browser sessions and reference uploads
  sessionHours: ['SESSION_HOURS', int(1, 24 * 30), '8'],
  uploadMaxBytes: ['UPLOAD_MAX_BYTES', int(1024 ** 2, 200 * 1024 ** 3), String(20 * 1024 ** 3)],
  appealMaxFileBytes: ['APPEAL_MAX_FILE_BYTES', int(0, 50 * 1024 ** 2), String(5 * 1024 ** 2)],
  appealsPerClientPerDay: ['APPEALS_PER_CLIENT_PER_DAY', int(1, 10_000), '5'],
  appealsOpenPerEntry: ['APPEALS_OPEN_PER_ENTRY', int(1, 10_000), '20'],
  publicEntryUrls: ['PUBLIC_ENTRY_URLS', bool, 'false'],
  legalBasisKk: ['LEGAL_BASIS_KK', z.string().min(1).max(2000), 'Қазақстан Республикасының «Авторлық құқық және сабақтас құқықтар туралы» Заңы; қолжетімділікті шектеу — ақпараттандыру және масс-медиа туралы заңнамада белгіленген тәртіппен уәкілетті органның шешімі бойынша. Қылмыстық қудалау үшін: ҚР ҚК 198-бабы (авторлық және сабақтас құқықтарды бұзу).'],
  legalBasisRu: ['LEGAL_BASIS_RU', z.string().min(1).max(2000), 'Закон Республики Казахстан «Об авторском праве и смежных правах»; ограничение доступа — по решению уполномоченного органа в порядке, установленном законодательством об информатизации и о масс-медиа. Для уголовного преследования: ст. 198 УК РК (нарушение авторских и смежных прав).'],
  legalBasisEn: ['LEGAL_BASIS_EN', z.string().min(1).max(2000), 'Law of the Republic of Kazakhstan "On Copyright and Related Rights"; access is restricted by decision of the authorised body under the laws on informatization and on mass media. For criminal prosecution: Article 198 of the Criminal Code (infringement of copyright and related rights).'],
  legalAuthorityKk: ['LEGAL_AUTHORITY_KK', z.string().min(1).max(500), 'Масс-медиа саласындағы уәкілетті орган'],
  legalAuthorityRu: ['LEGAL_AUTHORITY_RU', z.string().min(1).max(500), 'Уполномоченный орган в области масс-медиа'],
  legalAuthorityEn: ['LEGAL_AUTHORITY_EN', z.string().min(1).max(500), 'The authorised body for mass media'],
} as const satisfies Record<string, readonly [string, z.ZodType, string | undefined]>;

type Fields = typeof fields;
export type AppConfig = { [K in keyof Fields]: z.output<Fields[K][1]> } & {
  /** PUBLIC_BASE_URL, or http://HOST:PORT */
  baseUrl: string;
  /** may a missing packet-signing key be created at start? SIGNING_KEY_CREATE=auto, or unset outside NODE_ENV=production */
  signingKeyAutoCreate: boolean;
};
