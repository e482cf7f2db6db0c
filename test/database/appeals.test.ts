// The public entry page and appeals through the HTTP app (issue 10): the page shows the legal basis, status, dates,
// films, the number of infringing URLs (the URLs only when the deployment allows), the version history and the appeal
// route; the form (multipart, no account) returns an unguessable reference and a status page; bots and floods are
// refused (honeypot, type and size of the file, per-address cap); a supervisor — and only a supervisor — decides, the
// decision is published on the entry, and an appeal past its working-day deadline shows as overdue.
import { afterEach, describe, expect, it } from 'vitest';
import { fileAppeal } from '../../registry/appeals.ts';
import { listAppeals } from '../../registry/appeals-view.ts';
import { addWorkingDays } from '../../registry/working-days.ts';
import { verifyAuditChain } from '../../storage/audit.ts';
import { tempDir } from '../kit/temp.ts';
import { bearer, startApi, type Api } from './api-harness.ts';
import { activeEntry } from './lifecycle-fixtures.ts';
import { seedUser } from './registry-fixtures.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const GROUNDS = 'We hold a licence from the rights holder for this film; the contract is attached.';

function multipart(fields: Record<string, string>, file?: { name: string; filename: string; data: Buffer; type?: string }) {
  const boundary = '----kuzetTestBoundary7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`), file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('entry page and appeals', () => {
  let api: Api | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('shows the entry; files, refuses and decides appeals; publishes the decision', async () => {
    api = await startApi(tempDir('kuzet-appeals-'), { appealsPerClientPerDay: 4 });
    const { app, db } = api!;
    const { entryId, serial } = await activeEntry(db);

    let page = await app.inject({ method: 'GET', url: `/en/registry/${serial}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Law of the Republic of Kazakhstan');
    expect(page.body).toContain('The authorised body for mass media');
    expect(page.body).toContain('In force');
    expect(page.body).toContain('1 page (search engines');
    expect(page.body).not.toContain('kinogo-kz.example/films/1'); // counts only by default
    expect(page.body).toContain('Came into force');
    expect(page.body).toContain(`href="/en/registry/${serial}/appeal"`);
    expect((await app.inject({ method: 'GET', url: `/ru/registry/${serial}` })).body).toContain('Правовое основание');
    expect((await app.inject({ method: 'GET', url: `/entry/${serial}` })).headers.location).toBe(`/registry/${serial}`);
    expect((await app.inject({ method: 'GET', url: '/en/' })).body).toContain(`href="/en/registry/${serial}"`);

    const form = await app.inject({ method: 'GET', url: `/kk/registry/${serial}/appeal` });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="website"');
    expect(form.headers['content-security-policy']).toContain("form-action 'self'");

    // a filled honeypot, a file that is no document, an oversized file: refused, nothing stored
    const bot = multipart({ entry: String(serial), lang: 'en', contact: 'bot@example.com', grounds: GROUNDS, website: 'http://spam.example' });
    expect((await app.inject({ method: 'POST', url: '/appeals', ...bot })).statusCode).toBe(400);
    const exe = multipart({ entry: String(serial), lang: 'en', contact: 'a@example.com', grounds: GROUNDS }, { name: 'evidence', filename: 'licence.pdf', data: Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), type: 'application/pdf' });
    const exeRes = await app.inject({ method: 'POST', url: '/appeals', ...exe });
    expect(exeRes.statusCode).toBe(415);
    expect(exeRes.body).toContain('PDF, PNG, JPEG');
    const big = multipart({ entry: String(serial), lang: 'en', contact: 'a@example.com', grounds: GROUNDS }, { name: 'evidence', filename: 'big.pdf', data: Buffer.concat([PDF, Buffer.alloc(5 * 1024 ** 2)]) });
    expect((await app.inject({ method: 'POST', url: '/appeals', ...big })).statusCode).toBe(413);
    expect(await db.query('SELECT 1 FROM appeals')).toHaveLength(0);

    // a real appeal with a PDF: 303 to its status page, entry under appeal (still listed), history says so
    const ok = multipart({ entry: String(serial), lang: 'en', contact: 'owner@kinogo-kz.example', grounds: GROUNDS }, { name: 'evidence', filename: 'licence.pdf', data: PDF });
    const filed = await app.inject({ method: 'POST', url: '/appeals', ...ok });
    expect(filed.statusCode).toBe(303);
    const location = filed.headers.location as string;
    const ref = /^\/en\/appeals\/(AP-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})$/.exec(location)![1]!;
    const status = await app.inject({ method: 'GET', url: location });
    expect(status.statusCode).toBe(200);
    expect(status.body).toContain(ref);
    expect(status.body).toContain('Being decided');
    expect(status.body).not.toContain('owner@kinogo-kz.example'); // the contact is never shown on public pages
    expect((await app.inject({ method: 'GET', url: '/en/appeals/AP-0000-0000-0000-0000' })).statusCode).toBe(404);
    const [e1] = await db.query<{ status: string }>('SELECT status FROM registry_entries WHERE id = $1', [entryId]);
    expect(e1!.status).toBe('under_appeal');
    page = await app.inject({ method: 'GET', url: `/en/registry/${serial}` });
    expect(page.body).toContain('stays in the registry exports and feeds');
    expect(page.body).toContain('Appeal filed');
    expect(page.body).not.toContain(ref); // the reference is the appellant's key, not published

    // JSON clients: 201 with the reference; the per-address daily cap (4 here) then refuses
    const json = await app.inject({ method: 'POST', url: '/appeals', payload: { entry: serial, lang: 'ru', contact: 'x@example.com', grounds: GROUNDS } });
    expect(json.statusCode).toBe(201);
    expect(json.json()).toMatchObject({ statusUrl: expect.stringMatching(/^\/ru\/appeals\/AP-/) });
    await app.inject({ method: 'POST', url: '/appeals', payload: { entry: serial, lang: 'ru', contact: 'y@example.com', grounds: GROUNDS } });
    await app.inject({ method: 'POST', url: '/appeals', payload: { entry: serial, lang: 'ru', contact: 'z@example.com', grounds: GROUNDS } });
    const capped = await app.inject({ method: 'POST', url: '/appeals', payload: { entry: serial, lang: 'ru', contact: 'w@example.com', grounds: GROUNDS } });
    expect(capped.statusCode).toBe(429);
    expect(capped.json()).toMatchObject({ error: 'too_many_appeals' });

    // only a supervisor sees and decides appeals
    const inv = await seedUser(db, 'inv-x', 'investigator');
    const sup = await seedUser(db, 'sup-x', 'supervisor');
    expect((await app.inject({ method: 'GET', url: '/api/appeals', headers: bearer(inv.apiKey) })).statusCode).toBe(403);
    const queue = await app.inject({ method: 'GET', url: '/api/appeals', headers: bearer(sup.apiKey) });
    expect(queue.json().items).toHaveLength(4);
    expect(queue.json().items.find((a: { ref: string }) => a.ref === ref)).toMatchObject({ contact: 'owner@kinogo-kz.example', evidence: { type: 'application/pdf' }, overdue: false });
    const ev = await app.inject({ method: 'GET', url: `/api/appeals/${ref}/evidence`, headers: bearer(sup.apiKey) });
    expect(ev.statusCode).toBe(200);
    expect(ev.rawPayload.equals(PDF)).toBe(true);

    const others = queue.json().items.filter((a: { ref: string }) => a.ref !== ref).map((a: { ref: string }) => a.ref);
    const up = await app.inject({ method: 'POST', url: `/api/appeals/${others[0]}/decision`, headers: bearer(sup.apiKey), payload: { decision: 'uphold', reason: 'the licence shown covers another film' } });
    expect(up.json()).toEqual({ status: 'upheld', entryStatus: 'under_appeal' }); // others still open
    const lift = await app.inject({ method: 'POST', url: `/api/appeals/${ref}/decision`, headers: bearer(sup.apiKey), payload: { decision: 'lift', reason: 'valid licence for this film until 2027' } });
    expect(lift.json()).toEqual({ status: 'lifted', entryStatus: 'lifted' });
    expect((await app.inject({ method: 'POST', url: `/api/appeals/${ref}/decision`, headers: bearer(sup.apiKey), payload: { decision: 'uphold', reason: 'again' } })).statusCode).toBe(409);

    page = await app.inject({ method: 'GET', url: `/en/registry/${serial}` });
    expect(page.statusCode).toBe(200); // a lifted entry stays visible with its history
    expect(page.body).toContain('no longer in force');
    expect(page.body).toContain('valid licence for this film until 2027');
    expect(page.body).toContain('the licence shown covers another film');
    expect((await app.inject({ method: 'GET', url: `/en/registry/${serial}/appeal` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: location })).body).toContain('Entry lifted');
    const refused = await app.inject({ method: 'POST', url: '/appeals', payload: { entry: serial, lang: 'en', contact: 'q@example.com', grounds: GROUNDS } });
    expect(refused.statusCode).toBe(409);
    expect((await verifyAuditChain(db)).brokenAt).toBeNull();
  }, 600_000);

  it('promises a deadline in working days and shows an appeal past it as overdue; URLs shown when the deployment allows', async () => {
    api = await startApi(tempDir('kuzet-appeals-'), { publicEntryUrls: true });
    const { app, db } = api!;
    const { serial } = await activeEntry(db, 'https://kino-free.example/f/7');
    const filedAt = new Date(Date.now() - 30 * 86400_000);
    await fileAppeal({ db, blobs: api!.deps.blobs }, { serial, lang: 'en', contact: 'c@example.com', grounds: GROUNDS, clientAddress: '203.0.113.9' },
      { deadlineWorkingDays: 10, maxFileBytes: 1024, perClientPerDay: 5, openPerEntry: 5 }, filedAt);
    const [a] = await listAppeals(db);
    expect(a!.dueAt).toBe(addWorkingDays(filedAt, 10).toISOString());
    expect(a!.overdue).toBe(true);
    const page = await app.inject({ method: 'GET', url: `/en/registry/${serial}` });
    expect(page.body).toContain('class="overdue"');
    expect(page.body).toContain('https://kino-free.example/f/7');
    // the route's own limit: 10 posts an hour from one address, whatever they carry
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      codes.push((await app.inject({ method: 'POST', url: '/appeals', remoteAddress: '192.0.2.77', payload: { entry: serial, contact: 'x', grounds: 'short', website: 'bot' } })).statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 400)).toBe(true);
    expect(codes[10]).toBe(429);
  }, 300_000);

  it('counts working days Monday to Friday in Kazakhstan time', () => {
    // Friday 4 Dec 2026 10:00 in Almaty (05:00 UTC) + 1 working day = end of Monday 7 Dec in Almaty
    expect(addWorkingDays(new Date('2026-12-04T05:00:00Z'), 1).toISOString()).toBe('2026-12-07T18:59:59.999Z');
    // Wednesday 2 Dec + 10 working days = Wednesday 16 Dec
    expect(addWorkingDays(new Date('2026-12-02T12:00:00Z'), 10).toISOString()).toBe('2026-12-16T18:59:59.999Z');
    // 21:00 UTC on Friday is already Saturday in Almaty: the count starts from Saturday → Monday
    expect(addWorkingDays(new Date('2026-12-04T21:00:00Z'), 1).toISOString()).toBe('2026-12-07T18:59:59.999Z');
  });
});
