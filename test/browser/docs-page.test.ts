// /docs (Swagger UI for /openapi.json) in a real Chromium under its own Content-Security-Policy: the page renders
// every route group from local assets, nothing is blocked, no console errors. Screenshot: /work/notes/shots/overblock/.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../crawlers/playwright/render-players.ts';
import { tempDir } from '../kit/temp.ts';
import { startApi, type Api } from '../database/api-harness.ts';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = process.env.KUZET_SHOTS ?? '/work/notes/shots/overblock';

describe.skipIf(!fs.existsSync(CHROMIUM))('/docs in Chromium', () => {
  let api: Api;
  let browser: Browser;
  let base = '';
  const dir = tempDir('kuzet-docs-');
  beforeAll(async () => {
    api = await startApi(dir);
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('renders the API description with its auth requirements, nothing blocked by the CSP, nothing from outside', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    const problems: string[] = [];
    const outside: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) outside.push(r.url()); });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${base}/docs`);
    await page.waitForSelector('.opblock-tag', { timeout: 60_000 });
    await expect.poll(async () => page.locator('.opblock').count(), { timeout: 30_000 }).toBeGreaterThan(40);
    expect(await page.locator('.info .title').innerText()).toContain('Kuzet API');
    await page.screenshot({ path: path.join(SHOTS, 'docs.png'), fullPage: false });
    // an operation opened shows its roles and the lock of the bearer scheme
    const decision = page.locator('.opblock', { hasText: '/api/registry/{entryId}/decision' }).first();
    await decision.locator('.opblock-summary').click();
    await expect.poll(async () => decision.innerText(), { timeout: 10_000 }).toContain('Authorization: Bearer <key>) of a user with one of the roles: investigator, admin');
    expect(await page.locator('.authorization__btn').count()).toBeGreaterThan(0);
    await decision.screenshot({ path: path.join(SHOTS, 'docs-decision.png') });
    expect(problems).toEqual([]);
    expect(outside).toEqual([]);
  }, 120_000);
});
