import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, E2E_REQUIRED, launchChromium } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const shots = path.resolve(import.meta.dirname, '../docs/screenshots');

describe.skipIf(!E2E_REQUIRED && !existsSync(CHROMIUM))('the office raises a written answer as a problem from the results page', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`MASSLINE_E2E=1 but ${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('office');
    await page.getByTestId('login-password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/orgs/);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('列为问题 on a text answer makes a problem whose trail leads back to that answer; a second time is refused', async () => {
    // The demo township's residents' survey: 64 responses, many with a written suggestion.
    const forms = (await (await page.request.get(`${server.url}/api/forms`)).json()) as { items: { id: string; kind: string }[] };
    const survey = forms.items.find((f) => f.kind === 'resident_survey');
    expect(survey).toBeDefined();

    await page.goto(`${server.url}/forms/${survey!.id}/results`);
    const answers = page.getByTestId('text-answers').first();
    const first = answers.locator('.text-item').first();
    await first.getByTestId('text-raise').waitFor();
    const text = (await first.locator('.text-body').innerText()).trim();

    const [posted] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/problems/from-answer') && r.request().method() === 'POST'),
      first.getByTestId('text-raise').click(),
    ]);
    expect(posted.status()).toBe(201);
    const { id } = (await posted.json()) as { id: string };
    const body = JSON.parse(posted.request().postData() ?? '{}') as { responseId: string; question: string };

    // The message links to the new problem; the answer now links there too.
    const message = page.locator('.el-message--success');
    await expect.poll(() => message.innerText()).toContain('已列为问题');
    expect(await message.getByTestId('raised-link').getAttribute('href')).toBe(`/problems/${id}`);
    expect(await first.getByTestId('text-problem').getAttribute('href')).toBe(`/problems/${id}`);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(shots, 'forms-raise-problem.png') });

    // The trail of the problem lists that answer.
    const detail = (await (await page.request.get(`${server.url}/api/problems/${id}`)).json()) as {
      sources: { type: string; answer: { formId: string; responseId: string; question: string; value: string | null } | null }[];
    };
    expect(detail.sources).toHaveLength(1);
    expect(detail.sources[0].type).toBe('response_text');
    expect(detail.sources[0].answer).toMatchObject({ formId: survey!.id, responseId: body.responseId, question: body.question, value: text });

    // The link opens the problem's page.
    await message.getByTestId('raised-link').click();
    await page.waitForURL(new RegExp(`/problems/${id}$`));
    await expect.poll(() => page.locator('body').innerText()).toContain(text);

    // Raising the same answer again: the server's own words.
    await page.goto(`${server.url}/forms/${survey!.id}/results`);
    const again = page.getByTestId('text-answers').first().locator('.text-item').first();
    await again.getByTestId('text-raise').click();
    await expect.poll(() => page.locator('.el-message--error').innerText()).toContain('该回答已经列为问题');
  }, 90_000);
});
