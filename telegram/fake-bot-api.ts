// A local Bot API server (node:http on 127.0.0.1) speaking the real protocol: POST /bot<token>/<method>,
// JSON or form bodies, `{ok, result}` answers, getUpdates long polling with offsets. For tests and the demo.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
}

export interface FakeBotApi {
  apiRoot: string;
  calls: ApiCall[];
  /** queues an update (update_id is assigned) and wakes a pending getUpdates */
  pushUpdate(update: Record<string, unknown>): number;
  /** resolves with the first call (past or future) of `method` matching `pred` */
  waitFor(method: string, pred?: (p: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<ApiCall>;
  close(): Promise<void>;
}

export async function startFakeBotApi(token: string, botUser = { id: 700000001, is_bot: true, first_name: 'Kuzet', username: 'kuzet_test_bot' }): Promise<FakeBotApi> {
  const calls: ApiCall[] = [];
  const updates: Array<Record<string, unknown> & { update_id: number }> = [];
  let nextUpdateId = 1;
  let nextMessageId = 1000;
  let wakers: Array<() => void> = [];
  let callWaiters: Array<() => void> = [];
  const wake = () => {
    const w = wakers;
    wakers = [];
    w.forEach((f) => f());
  };

  const answer = (res: http.ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  async function getUpdates(p: Record<string, unknown>, req: http.IncomingMessage): Promise<unknown[]> {
    const offset = Number(p['offset'] ?? 0);
    if (offset > 0) updates.splice(0, updates.length, ...updates.filter((u) => u.update_id >= offset)); // confirmed
    const timeoutS = Math.min(Number(p['timeout'] ?? 0), 50);
    const pick = () => updates.filter((u) => u.update_id >= offset).slice(0, Number(p['limit'] ?? 100));
    if (pick().length || timeoutS === 0) return pick();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutS * 1000);
      const done = () => (clearTimeout(timer), resolve());
      wakers.push(done);
      req.socket.once('close', done);
    });
    return pick();
  }

  function result(method: string, p: Record<string, unknown>): unknown {
    const chat = { id: Number(p['chat_id']), type: 'private' };
    switch (method) {
      case 'getMe':
        return botUser;
      case 'deleteWebhook':
      case 'answerCallbackQuery':
        return true;
      case 'sendMessage':
        return { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat, from: botUser, text: p['text'], reply_markup: p['reply_markup'] };
      case 'editMessageText':
      case 'editMessageReplyMarkup':
        return { message_id: Number(p['message_id']), date: Math.floor(Date.now() / 1000), chat, from: botUser, text: p['text'] };
      default:
        return undefined;
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const m = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
      if (!m) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      if (m[1] !== token) return answer(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const raw = Buffer.concat(chunks).toString('utf8');
      const type = String(req.headers['content-type'] ?? '');
      let params: Record<string, unknown> = {};
      if (raw && type.includes('json')) params = JSON.parse(raw) as Record<string, unknown>;
      else if (raw) params = Object.fromEntries(new URLSearchParams(raw));
      for (const k of ['reply_markup', 'reply_parameters', 'link_preview_options']) if (typeof params[k] === 'string') params[k] = JSON.parse(params[k] as string);
      const method = m[2]!;
      if (method === 'getUpdates') {
        const list = await getUpdates(params, req);
        if (!res.destroyed) answer(res, 200, { ok: true, result: list });
        return;
      }
      calls.push({ method, params });
      const w = callWaiters;
      callWaiters = [];
      w.forEach((f) => f());
      const r = result(method, params);
      if (r === undefined) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
      answer(res, 200, { ok: true, result: r });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiRoot,
    calls,
    pushUpdate(update) {
      const id = nextUpdateId++;
      updates.push({ ...update, update_id: id });
      wake();
      return id;
    },
    async waitFor(method, pred = () => true, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = calls.find((c) => c.method === method && pred(c.params));
        if (hit) return hit;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no ${method} call within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(', ')}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          callWaiters.push(() => (clearTimeout(t), resolve()));
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        wake();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
