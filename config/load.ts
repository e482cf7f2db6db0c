// Parses the environment once into an AppConfig. All problems are collected and thrown together.
import path from 'node:path';
import { fields, type AppConfig } from './schema.ts';

export class ConfigError extends Error {
  /** process exit code for a bad configuration (like browsertrix's ExitCodes.InvalidConfig) */
  static readonly exitCode = 78;
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, [name, schema, dflt]] of Object.entries(fields)) {
    const raw = env[name] === '' && dflt === undefined ? undefined : (env[name] ?? dflt);
    const r = schema.safeParse(raw);
    if (r.success) out[key] = r.data;
    else problems.push(`${name}=${JSON.stringify(raw ?? null)}: ${r.error.issues.map((i) => i.message).join('; ')}`);
  }
  if (problems.length) throw new ConfigError(problems);
  const parsed = out as Omit<AppConfig, 'baseUrl'>;
  const cfg = { ...parsed, dataDir: path.resolve(parsed.dataDir) };
  if (cfg.reviewThreshold > cfg.matchThreshold) {
    throw new ConfigError([`REVIEW_THRESHOLD (${cfg.reviewThreshold}) must not exceed MATCH_THRESHOLD (${cfg.matchThreshold})`]);
  }
  if (cfg.nodeEnv === 'production' && Object.keys(cfg.testResolve).length) {
    throw new ConfigError(['TEST_RESOLVE is for tests and the demo only; it is refused with NODE_ENV=production']);
  }
  const baseUrl = (cfg.publicBaseUrl ?? `http://${cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host}:${cfg.port}`).replace(/\/$/, '');
  const signingKeyAutoCreate = cfg.signingKeyCreate ? cfg.signingKeyCreate === 'auto' : cfg.nodeEnv !== 'production';
  return { ...cfg, baseUrl, signingKeyAutoCreate };
}
