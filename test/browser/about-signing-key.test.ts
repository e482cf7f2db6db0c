// The about page shows the registry signing key's address and fingerprint in a real Chromium under the page's CSP
// (nothing blocked, no console errors), in kk, ru and en; the key link downloads the PEM the exports verify with.
// Screenshots go to /work/notes/shots/exports/.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../crawlers/playwright/render-players.ts';
import { formatFingerprint, keyFingerprint } from '../../registry/signed.ts';
import { tempDir } from '../kit/temp.ts';
import { startApi, type Api } from '../database/api-harness.ts';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = process.env.KUZET_SHOTS ?? '/work/notes/shots/exports';
const hasChromium = fs.existsSync(CHROMIUM);

describe.skipIf(!hasChromium)('about page: the registry signing key', () => {
  let api: Api;
  let browser: Browser;
  let base = '';
  const dir = tempDir('kuzet-about-key-');
  beforeAll(async () => {
    api = await startApi(dir);
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it.each(['en', 'ru', 'kk'])('/%s/about shows the fingerprint of the served key, with no CSP violation', async (lang) => {
    const pem = await (await fetch(`${base}/.well-known/kuzet/registry-signing-key.pem`)).text();
    const page = await (await browser.newContext({ viewport: { width: 1100, height: 1000 } })).newPage();
    const problems: string[] = [];
    // (the browser's own /favicon.ico request is not the page's)
    page.on('console', (m) => { if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(m.text()); });
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective}`)));
    await page.goto(`${base}/${lang}/about`);
    const fp = (await page.locator('code.fingerprint').textContent())!.trim();
    expect(fp).toBe(formatFingerprint(keyFingerprint(pem)));
    expect(await page.locator('#signing-key').isVisible()).toBe(true);
    const href = await page.locator('a[href="/.well-known/kuzet/registry-signing-key.pem"]').getAttribute('href');
    expect(await (await fetch(`${base}${href}`)).text()).toBe(pem);
    await page.locator('#signing-key').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `about-signing-key-${lang}.png`), fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
