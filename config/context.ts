// createContext(config): builds every long-lived dependency once and hands it down. Nothing else
// opens databases or stores; processes close what they opened through ctx.close().
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { createBlobStore, type BlobStore } from '../storage/blobs.ts';
import { openDb, type Db } from '../storage/db.ts';
import { migrate } from '../storage/migrate.ts';
import { forComponent } from './log.ts';
import type { AppConfig } from './schema.ts';

export interface AppContext {
  config: AppConfig;
  log: Logger;
  db: Db;
  blobs: BlobStore;
  close(): Promise<void>;
}

export async function createContext(config: AppConfig, log: Logger): Promise<AppContext> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrate(db);
  if (applied.length) forComponent(log, 'storage').info({ applied, adapter: db.kind }, 'database migrated');
  const blobs = createBlobStore(path.join(config.dataDir, 'blobs'));
  return { config, log, db, blobs, close: () => db.close() };
}
