// A complete AppConfig for tests that build one by hand (no env parsing): loopback, silent, tiny limits.
import { fields, type AppConfig } from '../../config/schema.ts';

export function testConfig(over: Partial<AppConfig> = {}): AppConfig {
  return {
    dataDir: '/tmp/kuzet-test', roles: ['api'], host: '127.0.0.1', port: 0, esIndex: 'kuzet', logLevel: 'silent', logPretty: false,
    matchThreshold: 0.8, reviewThreshold: 0.45, fetchAllowlist: [], fetchMaxBytes: 1 << 26, fetchTimeoutMs: 20000,
    crawlUserAgent: 'KuzetBot/test', crawlMaxPages: 10, crawlConcurrency: 1, crawlDomainDelayMs: 0, crawlMaxPerMinute: 6000, workerConcurrency: 1, framesPerProbe: 24,
    delistDeadlineHours: 24, exportVersionTtlMs: 0, telegramApiRoot: 'https://api.telegram.org', chromiumPath: '/usr/bin/chromium', evidenceScreenshots: true, ffmpegPath: 'ffmpeg',
    ffprobePath: 'ffprobe', fpcalcPath: 'fpcalc', redisServerPath: 'redis-server',
    trustProxy: [], rateLimitPerMinute: 600, authFailuresPerMinute: 20, baseUrl: 'http://127.0.0.1:0',
    entryValidDays: 180, reverifyLeadDays: 14, appealDeadlineWorkingDays: 10, appealMaxFileBytes: 5 * 1024 ** 2, appealsPerClientPerDay: 5,
    appealsOpenPerEntry: 20, publicEntryUrls: false, legalBasisKk: fields.legalBasisKk[2], legalBasisRu: fields.legalBasisRu[2],
    legalBasisEn: fields.legalBasisEn[2], legalAuthorityKk: fields.legalAuthorityKk[2], legalAuthorityRu: fields.legalAuthorityRu[2],
    legalAuthorityEn: fields.legalAuthorityEn[2], sessionHours: 8, uploadMaxBytes: 20 * 1024 ** 3, localFeatures: false,
    ...over,
  } as AppConfig;
}
