// Prints the README's configuration table (markdown) from config/schema.ts: variable, default, meaning.
//   node bin/run-ts.mjs scripts/config-table.ts > /tmp/table.md
// Every env var of `fields` needs a line in MEANINGS: the test (test/e2e/setup.test.ts) fails otherwise.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fields } from '../config/schema.ts';

/** What each variable does, by env var name. */
export const MEANINGS: Record<string, string> = {
  ENTRY_VALID_DAYS: 'Days an active registry entry stays listed after activation or its last re-verification; then it expires (leaves the exports, stays visible with its history).',
  REVERIFY_LEAD_DAYS: 'Days before expiry when the daily lifecycle sweep queues a re-verification of the entry (its pages fetched again; still infringing → renewed, gone or lawful → proposed for lifting).',
  APPEAL_DEADLINE_WORKING_DAYS: 'Working days (Monday–Friday; public holidays not counted) within which an appeal is promised a decision; past it the appeal shows as overdue.',
  APPEAL_MAX_FILE_BYTES: 'Largest evidence file an appeal may attach (PDF, PNG, JPEG or plain text, checked by content). 0 turns attachments off.',
  APPEALS_PER_CLIENT_PER_DAY: 'Appeals one client address may file in 24 hours (kept as a hash of the address).',
  APPEALS_OPEN_PER_ENTRY: 'Open appeals one registry entry may have at once; further ones are refused until one is decided.',
  PUBLIC_ENTRY_URLS: 'Show the infringing URLs on the public entry page. Default false: the page shows their number only (search engines and operators get the URLs in their feeds).',
  LEGAL_BASIS_KK: 'Legal basis shown on every public entry page, in Kazakh (the default is neutral text to be confirmed by the deployment\'s lawyers).',
  LEGAL_BASIS_RU: 'Legal basis shown on every public entry page, in Russian.',
  LEGAL_BASIS_EN: 'Legal basis shown on every public entry page, in English.',
  LEGAL_AUTHORITY_KK: 'The deciding authority named on the public entry page, in Kazakh.',
  LEGAL_AUTHORITY_RU: 'The deciding authority named on the public entry page, in Russian.',
  LEGAL_AUTHORITY_EN: 'The deciding authority named on the public entry page, in English.',
  DATA_DIR: 'Folder for the PGlite database (when `DATABASE_URL` is unset) and the content-addressed blobs (`DATA_DIR/blobs`: evidence, reference media, packets). All roles must share it.',
  DATABASE_URL: 'PostgreSQL URL (`postgresql://user:pass@host:5432/db`). Unset: embedded PGlite in `DATA_DIR` (one process only).',
  REDIS_URL: 'Redis for the BullMQ queues. Unset: Kuzet starts its own `redis-server` on a free loopback port (single box, demo).',
  ES_URL: 'Elasticsearch 8 URL for the public registry\'s search box. Unset: search runs in the database (PostgreSQL/PGlite).',
  ES_INDEX: 'Elasticsearch index name (prefix).',
  ROLES: 'Comma list of what this process runs: `api`, `crawler`, `workers`.',
  HOST: 'Address the HTTP API listens on (`0.0.0.0` in containers).',
  PORT: 'HTTP port of the API (0 = any free port).',
  PUBLIC_BASE_URL: 'Public URL of the API, used in feeds, notices and packets. Unset: `http://HOST:PORT`.',
  TRUST_PROXY: 'Comma list of the addresses or CIDRs of reverse proxies in front of the API (their `X-Forwarded-For` names the client). Empty: the connecting address is the client. Behind a proxy, set it, or every client shares one rate limit.',
  RATE_LIMIT_PER_MINUTE: 'Requests per minute that one client address may make to the API (every route; over it: 429).',
  AUTH_FAILURES_PER_MINUTE: 'Failed API-key authentications per minute from one client address; past it every authenticated request from that address gets 429 until the minute ends. Each failure is logged (address, route, key prefix).',
  LOG_LEVEL: 'pino log level: fatal, error, warn, info, debug, trace, silent.',
  LOG_PRETTY: 'Human-readable logs instead of JSON lines (development).',
  MATCH_THRESHOLD: 'Score (0–1) at or above which a match is confirmed automatically.',
  REVIEW_THRESHOLD: 'Score (0–1) at or above which a match goes to human review (must not exceed `MATCH_THRESHOLD`).',
  FETCH_ALLOWLIST: 'Comma list of hostnames, IPs or CIDRs that outbound fetches may reach although they are not public unicast addresses (tests and the demo allow `127.0.0.1`). Empty: public addresses only (SSRF guard).',
  TEST_RESOLVE: 'Tests and the demo only (refused with `NODE_ENV=production`): comma list of `name=ip` pairs that every outbound request (guarded fetch, egress proxy for ffmpeg and Chromium, the crawler) resolves from this table first, so local fixture sites can have names such as `kinogo-kz.example` (the address is still checked: allowlist `127.0.0.1`).',
  FETCH_MAX_BYTES: 'Largest response body (bytes) a fetch may download (default 64 MiB).',
  FETCH_TIMEOUT_MS: 'Timeout of one fetch, in milliseconds.',
  CRAWL_USER_AGENT: 'User-Agent header sent by the crawlers.',
  CRAWL_MAX_PAGES: 'Page budget of one crawl run of one source.',
  CRAWL_CONCURRENCY: 'Pages fetched in parallel by one crawler process.',
  CRAWL_DOMAIN_DELAY_MS: 'Politeness: pause between two requests to the same domain (0 = none).',
  CRAWL_MAX_PER_MINUTE: 'Politeness: at most this many requests per minute from one crawl.',
  WORKER_CONCURRENCY: 'Jobs processed in parallel per queue by one workers process.',
  MATCH_SAMPLE_FRAMES: 'Frames sampled from a candidate video for matching.',
  DELIST_DEADLINE_HOURS: 'Hours a search engine is given to delist a URL (the `deadline_at` of a delisting item).',
  EXPORT_VERSION_TTL_MS: 'How long (ms) the API reuses the registry version it read before asking the database again: a change shows in the exports within this time; under load one query per period instead of one per request (0: every request).',
  SESSION_HOURS: 'How long a browser session lasts after signing in with an API key (HttpOnly cookie); it also ends at sign-out, when the user is disabled or when the key that opened it is revoked.',
  UPLOAD_MAX_BYTES: 'Largest reference video a rights holder may upload through the portal (bytes; posters are capped at 20 MiB). Uploads arrive in chunks of at most 8 MiB and resume after an interruption.',
  LOCAL_FEATURES: 'Experimental (issue 13): `kuzet films add` and `kuzet films rehash` also store ORB keyframes, and `kuzet match --video` and the match job in the workers run the local-feature stage (OpenCV WASM) where pictures and sound gave no match (`stage` in the decision record says which stage decided; where its rules refuse the evidence — a clip of a few seconds, frames on one picture of the film, a set another registered film shows — it also reads the stored master around the matched time for its pixel check; and where the ORB keypoints of a frame do not verify while another frame points at a film, or in the first frames while its ORB votes do, it describes the nearby keyframes of that film from the master with AKAZE). Off until it is calibrated on many unrelated feature-length streams. It meets its dev-set targets: hard tier 95 %, no transform below 80 % (camcord-seat 85 %), easy 99.4 %, 0 false `match`. On the one feature-length stand-in of the dev set it refuses every other take of the same set: 0 false `match` of 252 queries, with their highest pixel score 0.681 against the 0.80 line, and 0.795 when each frame is aligned again at its moment, which is why those refined scores count only when the motion agrees too (their highest motion is 0.41 against 0.60). But one stand-in is not a calibration (docs/benchmarks.md, issue 13).',
  EVIDENCE_SCREENSHOTS: 'Take a full-page screenshot (Chromium, through the egress proxy) of every candidate page revision as evidence (`false`: the capture records the screenshot as failed with this reason and the packet lists it as missing).',
  TELEGRAM_BOT_TOKEN: 'Telegram Bot API token. Unset: features that need the Bot API are off.',
  KUZET_API_KEY: 'The API key the `kuzet` CLI acts with in commands that decide (registry approve/reject): a decision is made by the key\'s user, never by a name typed on the command line; `--key-file FILE` is the alternative.',
  NODE_ENV: '`production` makes the service refuse to create a missing packet-signing key by itself (see `SIGNING_KEY_CREATE`).',
  SIGNING_KEY_CREATE: '`auto`: a missing packet-signing key is created at start (logged loudly); `never`: start fails until `kuzet keys init` has created it. Unset: `never` when `NODE_ENV=production`, else `auto`.',
  TELEGRAM_API_ROOT: 'Telegram Bot API root (a local stub in tests).',
  CHROMIUM_PATH: 'Chromium binary used by the crawler for screenshots and player pages (Debian: `/usr/bin/chromium`).',
  FFMPEG_PATH: 'ffmpeg binary (frame sampling).',
  FFPROBE_PATH: 'ffprobe binary (media probing).',
  FPCALC_PATH: 'Chromaprint fpcalc binary: audio fingerprints that can confirm a video match already in the review band (never the sole basis); without it, audio is skipped with a warning.',
  REDIS_SERVER_PATH: '`redis-server` binary started when `REDIS_URL` is unset.',
};

const cell = (s: string) => s.replaceAll('|', '\\|');

/** The markdown table, one row per field of config/schema.ts, in schema order. */
export function configTable(): string {
  const rows = Object.values(fields).map(([name, , dflt]) => {
    const meaning = MEANINGS[name];
    if (!meaning) throw new Error(`scripts/config-table.ts: no meaning for ${name}: add it to MEANINGS`);
    const shown = dflt === undefined ? '*(unset)*' : dflt === '' ? '*(empty)*' : `\`${cell(dflt)}\``;
    return `| \`${name}\` | ${shown} | ${cell(meaning)} |`;
  });
  return ['| Variable | Default | Meaning |', '|---|---|---|', ...rows].join('\n');
}

/** Env var names of config/schema.ts that MEANINGS does not describe, and MEANINGS entries that no longer exist. */
export function meaningGaps(): { undocumented: string[]; stale: string[] } {
  const names = Object.values(fields).map(([name]) => name as string);
  return {
    undocumented: names.filter((n) => !MEANINGS[n]),
    stale: Object.keys(MEANINGS).filter((n) => !names.includes(n)),
  };
}

const invoked = process.argv[1] ? pathToFileURL(path.resolve(process.argv[1])).href : '';
if (import.meta.url === invoked) console.log(configTable());
