// Embedded Redis: with no REDIS_URL, Kuzet starts Debian's redis-server as a child on a free loopback
// port, with its data (AOF on) in DATA_DIR/redis, and stops it on exit.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';

export interface OwnedRedis {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** `port` and `password` let a restarted server keep its clients' URL (the faults run kills and restarts it). */
export async function startRedisServer(opts: { binary: string; dir: string; log: Logger; timeoutMs?: number; port?: number; password?: string }): Promise<OwnedRedis> {
  fs.mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  // a server left behind by a process that was killed (kill -9 never reaches our stop()) still owns the AOF: stop it
  // before a second one opens the same files
  await stopOrphan(opts.dir, opts.log);
  const port = opts.port ?? (await freePort());
  // a fresh password per start (unless given): other local users cannot reach the queues through the loopback port
  const password = opts.password ?? randomBytes(24).toString('hex');
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', path.resolve(opts.dir), '--appendonly', 'yes',
    '--save', '', '--daemonize', 'no', '--protected-mode', 'yes', '--loglevel', 'warning', '--logfile', '', '--requirepass', password];
  let child: ChildProcess;
  try {
    child = spawn(opts.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`cannot start ${opts.binary}: ${(e as Error).message}. Install it (apt-get install redis-server) or set REDIS_URL`);
  }
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (e) => reject(new Error(`cannot start ${opts.binary} (${(e as Error).message}); install redis-server or set REDIS_URL`))),
  );
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  const ready = (async () => {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}: ${output.trim()}`);
      if (await ping(port, password)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not answer on port ${port} within ${opts.timeoutMs ?? 10_000} ms: ${output.trim()}`);
  })();
  try {
    await Promise.race([ready, spawnError]);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  fs.writeFileSync(ownerFile(opts.dir), JSON.stringify({ pid: child.pid, port, startedBy: process.pid }), { mode: 0o600 });
  opts.log.info({ component: 'queue', port, dir: opts.dir, pid: child.pid }, 'embedded redis-server started');
  return {
    url: `redis://:${password}@127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM'); // redis flushes the AOF on SIGTERM
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
      fs.rmSync(ownerFile(opts.dir), { force: true });
    },
  };
}

const ownerFile = (dir: string) => path.join(dir, 'kuzet-redis.json');

/** Stops the redis-server a killed process left running on `dir` (recorded in its owner file), if it still runs. */
async function stopOrphan(dir: string, log: Logger): Promise<void> {
  let pid: number;
  try {
    pid = Number((JSON.parse(fs.readFileSync(ownerFile(dir), 'utf8')) as { pid: number }).pid);
  } catch {
    return;
  }
  const isRedis = (() => {
    try {
      return Number.isSafeInteger(pid) && pid > 1 && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server');
    } catch {
      return false;
    }
  })();
  if (isRedis) {
    log.warn({ component: 'queue', pid, dir }, 'a redis-server left running by a killed process owns this folder: stopping it first');
    process.kill(pid, 'SIGTERM'); // flushes its AOF
    for (let i = 0; i < 100 && fs.existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 50));
    if (fs.existsSync(`/proc/${pid}`)) process.kill(pid, 'SIGKILL');
  }
  fs.rmSync(ownerFile(dir), { force: true });
}

function ping(port: number, password: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let reply = '';
    s.setTimeout(500);
    s.once('connect', () => s.write(`AUTH ${password}\r\nPING\r\n`));
    s.on('data', (d) => {
      reply += d.toString();
      if (reply.includes('+PONG') || reply.startsWith('-')) { s.destroy(); resolve(reply.includes('+PONG')); }
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => { s.destroy(); resolve(false); });
  });
}
