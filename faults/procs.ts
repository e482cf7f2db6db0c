// The faults run's process supervisor: each Kuzet role as its own OS process (`node bin/kuzet.mjs start`, own
// process group, log file under DATA_DIR/logs), kill -9 and restart, readiness, and a stop that leaves nothing
// running — also from a signal handler or a failure. Plus the real redis-server (AOF) and PostgreSQL restarts.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { startRedisServer, type OwnedRedis } from '../storage/redis-server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const READY_LINE = 'Kuzet is running';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs fn; past timeoutMs throws `phase "name" timed out after N s: <detail()>`. */
export async function phase<T>(name: string, timeoutMs: number, fn: () => Promise<T>, detail: () => string | Promise<string> = () => ''): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(async () => {
      const d = await Promise.resolve().then(detail).catch(() => '');
      reject(new Error(`phase "${name}" timed out after ${Math.round(timeoutMs / 1000)} s${d ? `: ${d}` : ''}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([fn(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls until check() is truthy (errors count as "not yet"); throws the phase timeout otherwise. */
export async function until<T>(name: string, timeoutMs: number, check: () => Promise<T | null | false | undefined>, detail?: () => string | Promise<string>, everyMs = 500): Promise<T> {
  return phase(name, timeoutMs, async () => {
    for (;;) {
      const v = await check().catch((e: { fatal?: boolean }) => {
        if (e?.fatal) throw e;
        return null;
      });
      if (v) return v;
      await sleep(everyMs);
    }
  }, detail);
}

interface Managed {
  name: string;
  env: Record<string, string>;
  child: ChildProcess | null;
  starts: number;
  /** true while we stop or kill it on purpose */
  expected: boolean;
  exit: Promise<void> | null;
}

export class Supervisor {
  readonly logDir: string;
  readonly unexpectedExits: string[] = [];
  kills = 0;
  restarts = 0;
  private procs = new Map<string, Managed>();
  private redis: { owned: OwnedRedis; dir: string; port: number; password: string } | null = null;

  constructor(private readonly dataDir: string, private readonly say: (s: string) => void) {
    this.logDir = path.join(dataDir, 'logs');
    fs.mkdirSync(this.logDir, { recursive: true });
  }

  logFile(name: string): string {
    return path.join(this.logDir, `${name}.log`);
  }

  /** Starts `kuzet start` with env; waits until it logs that it runs (and, for the api, until /health answers 200). */
  async start(name: string, env: Record<string, string>, health?: string): Promise<void> {
    const p = this.procs.get(name) ?? { name, env, child: null, starts: 0, expected: false, exit: null };
    this.procs.set(name, p);
    const file = this.logFile(name);
    fs.appendFileSync(file, `\n=== faults: start #${p.starts + 1} of ${name} at ${new Date().toISOString()} ===\n`);
    const offset = fs.statSync(file).size;
    const fd = fs.openSync(file, 'a');
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/kuzet.mjs'), 'start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    p.child = child;
    p.starts++;
    p.expected = false;
    p.exit = new Promise((resolve) => child.once('exit', (code, sig) => {
      if (!p.expected) {
        const what = `${name} (pid ${child.pid}) exited on its own with ${sig ?? `code ${code}`} — see ${file}`;
        this.unexpectedExits.push(what);
        this.say(`  !! ${what}`);
      }
      resolve();
    }));
    await until(`start ${name}`, 90_000, async () => {
      if (child.exitCode !== null || child.signalCode !== null) throw Object.assign(new Error(`${name} exited during start-up`), { fatal: true });
      const tail = readFrom(file, offset);
      if (!tail.includes(READY_LINE)) return false;
      if (!health) return true;
      const res = await fetch(health, { signal: AbortSignal.timeout(2000) });
      return res.status === 200;
    }, () => `${name} did not become ready; last lines of ${file}:\n${lastLines(file, 15)}`, 300);
  }

  /** kill -9 of the whole process group (the node process, its ffmpeg and Chromium children), like a container kill. */
  async kill9(name: string): Promise<void> {
    const p = this.procs.get(name);
    if (!p?.child?.pid) throw new Error(`no running process ${name}`);
    p.expected = true;
    fs.appendFileSync(this.logFile(name), `\n=== faults: kill -9 of ${name} (pid ${p.child.pid}) at ${new Date().toISOString()} ===\n`);
    killGroup(p.child.pid, 'SIGKILL');
    await p.exit;
    this.kills++;
  }

  async restart(name: string, health?: string): Promise<void> {
    const p = this.procs.get(name);
    if (!p) throw new Error(`no process ${name}`);
    await this.start(name, p.env, health);
    this.restarts++;
  }

  // ——— Redis: one real redis-server (AOF on) on a fixed port and password, so a restart keeps every client's URL ———

  async startRedis(dir: string, port: number, password: string): Promise<string> {
    const log = pino({ level: 'silent' });
    const owned = await startRedisServer({ binary: process.env['REDIS_SERVER_PATH'] ?? 'redis-server', dir, log, port, password, timeoutMs: 20_000 });
    this.redis = { owned, dir, port, password };
    return owned.url;
  }

  async killRedis(): Promise<void> {
    if (!this.redis) throw new Error('redis-server is not running');
    const pid = this.redis.owned.pid;
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 200 && fs.existsSync(`/proc/${pid}`) && !isZombie(pid); i++) await sleep(25);
    await this.redis.owned.stop(); // reaps the child; nothing left to stop
    this.kills++;
  }

  async restartRedis(): Promise<void> {
    if (!this.redis) throw new Error('redis-server was never started');
    const { dir, port, password } = this.redis;
    await phase('restart redis-server', 30_000, () => this.startRedis(dir, port, password));
    this.restarts++;
  }

  /** Stops everything still running: the Kuzet processes, then redis-server. */
  async stopAll(): Promise<void> {
    await this.stopProcesses();
    if (this.redis) await this.redis.owned.stop().catch(() => undefined);
  }

  /** SIGTERM to each Kuzet process group, SIGKILL after graceMs. */
  async stopProcesses(graceMs = 15_000): Promise<void> {
    const running = [...this.procs.values()].filter((p) => p.child?.pid && p.child.exitCode === null && p.child.signalCode === null);
    for (const p of running) {
      p.expected = true;
      killGroup(p.child!.pid!, 'SIGTERM');
    }
    await Promise.race([Promise.all(running.map((p) => p.exit)), sleep(graceMs)]);
    for (const p of running) if (p.child!.exitCode === null && p.child!.signalCode === null) killGroup(p.child!.pid!, 'SIGKILL');
    await Promise.race([Promise.all(running.map((p) => p.exit)), sleep(5000)]);
    // a group may outlive its leader (an ffmpeg child): make sure nothing of it is left
    for (const p of this.procs.values()) if (p.child?.pid) killGroup(p.child.pid, 'SIGKILL');
  }

  /** Last resort from process.on('exit'): synchronous SIGKILL of everything we started. */
  killAllNow(): void {
    for (const p of this.procs.values()) if (p.child?.pid) killGroup(p.child.pid, 'SIGKILL');
    if (this.redis) try { process.kill(this.redis.owned.pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

function killGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    /* the group is gone */
  }
}

function isZombie(pid: number): boolean {
  try {
    return / Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)/, ''));
  } catch {
    return true;
  }
}

function readFrom(file: string, offset: number): string {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.alloc(Math.max(0, size - offset));
    fs.readSync(fd, buf, 0, buf.length, offset);
    return buf.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

export function lastLines(file: string, n: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).map((l) => `    ${l.slice(0, 300)}`).join('\n');
  } catch {
    return '    (no log)';
  }
}

/** `pg_ctl restart -m immediate` of the cluster scripts/with-postgres.sh started (it exports KUZET_PGDATA/KUZET_PGBIN).
 * Asynchronous, so the investigators keep trying while the server is down; the server's output goes to the cluster's
 * server.log (a pipe would keep pg_ctl's caller waiting for as long as the server runs). */
export async function restartPostgres(): Promise<void> {
  const data = process.env['KUZET_PGDATA'];
  const bin = process.env['KUZET_PGBIN'];
  if (!data || !bin) throw new Error('KUZET_PGDATA/KUZET_PGBIN are not set: run the faults through scripts/with-postgres.sh (npm run faults)');
  const ctl = [path.join(bin, 'pg_ctl'), '-D', data, '-l', path.join(path.dirname(data), 'server.log'), '-m', 'immediate', '-w', '-t', '60', 'restart'];
  // as root the cluster belongs to the postgres user (with-postgres.sh does the same)
  const cmd = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...ctl] : ctl;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.once('error', reject);
    child.once('exit', (code, sig) => (code === 0 ? resolve() : reject(new Error(`pg_ctl restart failed (${code ?? sig}): ${err.trim()}`))));
  });
}
