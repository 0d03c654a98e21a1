import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, E2E_REQUIRED, PHONE, launchChromium, officeApi } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const shots = path.resolve(import.meta.dirname, '../docs/screenshots');


async function shoot(page: Page, name: string, fullPage = false) {
  // From the top: a full-page shot taken scrolled down draws the sticky bar in the middle.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, name), fullPage });
}


interface OpinionRow { id: string; orgId: string; orgName: string; channel: string; category: string; content: string; named: boolean; sender: unknown; status: string; hasReceipt: boolean }
interface OpinionDetail extends OpinionRow { messages: { author: 'sender' | 'staff'; public: boolean; body: string; day: string }[] }
type Spoken = { text: string; lang: string }[];

// Skipped only on a machine without Debian's chromium; CI sets MASSLINE_E2E=1, which makes it required.
describe.skipIf(!E2E_REQUIRED && !existsSync(CHROMIUM))('a resident sends an opinion from a poster and follows it with the receipt code, in WeChat', () => {
  let server: RunningServer;
  let browser: Browser;
  let api: Awaited<ReturnType<typeof officeApi>>;
  let orgs: { id: string; name: string }[];
  const contexts: BrowserContext[] = [];

  async function phone(opts: { speech?: 'record' | 'none' } = {}): Promise<Page> {
    const context = await browser.newContext(PHONE);
    contexts.push(context);
    if (opts.speech === 'record') {
      // Headless Chromium has no voices: record what would be read instead of reading it.
      await context.addInitScript(() => {
        const spoken: { text: string; lang: string }[] = [];
        (window as unknown as { __spoken: typeof spoken }).__spoken = spoken;
        window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
          spoken.push({ text: u.text, lang: u.lang });
          setTimeout(() => u.onend?.(new Event('end') as SpeechSynthesisEvent), 5);
        };
        window.speechSynthesis.cancel = () => undefined;
      });
    }
    if (opts.speech === 'none') {
      await context.addInitScript(() => Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true }));
    }
    return context.newPage();
  }
  const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __spoken: Spoken }).__spoken.splice(0));
  const chip = (page: Page, testid: string, label: string) => page.getByTestId(testid).getByRole('radio', { name: label, exact: true });
  const noSideways = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`MASSLINE_E2E=1 but ${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    api = await officeApi(server.url);
    orgs = (await api<{ items: { id: string; name: string }[] }>('GET', '/api/orgs')).items;
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('sends an anonymous opinion despite a lost reply, gets the receipt once, reads the private answer with it and writes back', async () => {
    const township = orgs.find((o) => o.name === '示范镇党委')!;
    const village = orgs.find((o) => o.name === '红旗村党支部')!;
    const page = await phone({ speech: 'record' });
    await page.goto(`${server.url}/o/${township.id}`);

    // The poster's org, and what is and is not kept.
    await expect.poll(() => page.getByTestId('org-name').innerText()).toBe('示范镇党委');
    const privacy = await page.getByTestId('privacy').innerText();
    expect(privacy).toContain('系统不记录您的姓名、手机号、住址');
    expect(privacy).toContain('只记录日期');
    expect(await page.getByTestId('kept').innerText()).toContain('提交成功后即从本机删除');
    await noSideways(page);

    // Read aloud: the page's own words, in Chinese.
    await page.getByTestId('read-page').click();
    await expect.poll(async () => (await spoken(page)).map((s) => s.text)).toEqual([
      '提意见。反映给示范镇党委。',
      '欢迎您对党员干部的作风提出意见和建议，反映身边的“四风”问题和困难诉求。',
      '问题类别有：形式主义，官僚主义，享乐主义，奢靡之风，服务群众不到位，民生诉求，其他',
      '匿名反映：系统不记录您的姓名、手机号、住址，不记录 IP 地址、手机型号等设备信息，也不记录提交的具体时间，只记录日期。工作人员无从知道是谁反映的。',
      '提交后会给您一个查询码，凭它查看办理情况和答复、补充情况，不需要登录。',
    ]);

    // Nothing chosen: the page says what is missing and sends nothing.
    await page.getByTestId('submit').click();
    await expect.poll(() => page.getByTestId('error-count').innerText()).toBe('还有 2 处需要填写或修改');
    expect(await page.getByTestId('error-category').innerText()).toBe('请选择问题类别');
    expect(await page.getByTestId('error-content').innerText()).toBe('请填写具体内容');

    // A village below the township, a category, the text.
    const units = await page.getByTestId('unit').locator('option').allInnerTexts();
    expect(units[0]).toBe('本单位（示范镇党委）');
    expect(units).toContain('红旗村党支部');
    await page.getByTestId('unit').selectOption({ label: '红旗村党支部' });
    await chip(page, 'category', '官僚主义').click();
    expect(await page.getByTestId('category-hint').innerText()).toBe('门难进、脸难看、事难办，推诿扯皮、不作为');
    const content = '村口桥面护栏松动，多次向村里反映没人管，办个证明要跑好几趟。';
    await page.getByTestId('content').locator('textarea').fill(content);
    expect(await page.getByTestId('content').innerText()).toContain(`${content.length}/5000`);
    await expect.poll(() => page.getByTestId('error-count').count()).toBe(0);

    // Named shows its fields and its own statement; back to anonymous for this one.
    await chip(page, 'identity', '实名').click();
    expect(await page.getByTestId('privacy').innerText()).toContain('只供处理意见的工作人员联系您');
    await page.getByTestId('sender-name').locator('input').fill('张三');
    await chip(page, 'identity', '匿名').click();
    expect(await page.getByTestId('sender-name').count()).toBe(0);

    // WeChat closed by mistake: everything comes back.
    await page.reload();
    await expect.poll(() => page.getByTestId('restored').innerText()).toBe('已恢复您上次没有提交的内容');
    expect(await page.getByTestId('content').locator('textarea').inputValue()).toBe(content);
    expect(await page.getByTestId('unit').inputValue()).toBe(village.id);
    expect(await chip(page, 'category', '官僚主义').getAttribute('aria-checked')).toBe('true');
    expect(await chip(page, 'identity', '匿名').getAttribute('aria-checked')).toBe('true');
    await noSideways(page);
    await shoot(page, 'phone-opinion.png', true);

    // The first submission reaches the server, but its reply is lost on the way back.
    const bodies: Record<string, unknown>[] = [];
    const answers: { status: number; body: { receipt: string; duplicate: boolean } }[] = [];
    let dropReply = true;
    await page.route('**/api/public/opinions', async (route) => {
      bodies.push(JSON.parse(route.request().postData() ?? '{}'));
      const response = await route.fetch();
      answers.push({ status: response.status(), body: await response.json() });
      if (dropReply) {
        dropReply = false;
        await route.abort('connectionreset');
      } else {
        await route.fulfill({ response });
      }
    });
    await page.getByTestId('submit').click();
    // The ballot box holds it with the others sent about now (1.5 s here): the phone says why it waits.
    await expect.poll(() => page.getByTestId('ballot-box-wait').innerText()).toContain('正在投入票箱');
    await page.screenshot({ path: path.join(shots, 'phone-ballot-box.png') });
    await expect.poll(() => page.getByTestId('status-title').innerText()).toBe('网络连接失败');
    // Retry: the same key, so the server recognises it and gives the same receipt.
    await page.getByTestId('retry').click();
    await expect.poll(() => page.getByTestId('sent-title').innerText()).toBe('提交成功');
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[0]).toEqual({ orgId: village.id, category: 'bureaucratism', content, idempotencyKey: expect.stringMatching(/^[A-Za-z0-9_-]{16,64}$/) });
    expect(answers.map((a) => [a.status, a.body.duplicate])).toEqual([[201, false], [200, true]]);
    expect(answers[1].body.receipt).toBe(answers[0].body.receipt);

    // The receipt, shown once: big, as a QR code of the receipt page with the code in the fragment.
    const receipt = (await page.getByTestId('receipt-code').getAttribute('aria-label'))!;
    expect(receipt).toBe(answers[0].body.receipt);
    expect(receipt).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    expect(await page.getByTestId('sent-before').innerText()).toContain('查询码不变');
    expect(await page.getByTestId('receipt-save').innerText()).toBe('请截图或拍照保存查询码，丢失后无法找回');
    await expect.poll(() => page.getByTestId('receipt-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await page.getByTestId('open-receipt').getAttribute('href')).toBe(`${server.url}/r#${receipt}`);
    // Read aloud letter by letter, for writing it down.
    await page.getByTestId('read-receipt').click();
    await expect.poll(async () => (await spoken(page)).map((s) => s.text)).toEqual(['您的查询码是：', ...receipt.split('-').map((g) => [...g].join('，'))]);
    await noSideways(page);
    await shoot(page, 'phone-receipt.png', true);
    // Nothing of the opinion, its key or its receipt is left on the phone.
    const stored = await page.evaluate(() => Object.entries(localStorage).map(([k, v]) => `${k}=${v}`).join('\n'));
    expect(stored).not.toContain('massline.opinion.');
    expect(stored).not.toContain(receipt);
    expect(stored).not.toContain(receipt.replace(/-/g, ''));

    // The office finds it (anonymous: no sender), and answers privately.
    const found = await api<{ items: OpinionRow[] }>('GET', `/api/opinions?q=${encodeURIComponent('护栏松动')}`);
    expect(found.items).toHaveLength(1);
    const opinion = found.items[0];
    expect(opinion).toMatchObject({ orgId: village.id, channel: 'online', category: 'bureaucratism', content, named: false, sender: null, status: 'received', hasReceipt: true });
    const answer = '您反映的桥面护栏问题已安排村里本周内加固，证明材料可在便民服务中心一次办结。';
    await api('POST', `/api/opinions/${opinion.id}/reply`, { body: answer, public: false });

    // On the phone, from the receipt's link (typed any case, dashes or spaces): the code leaves the address at once.
    await page.goto(`${server.url}/r#${receipt.toLowerCase().replace(/-/g, ' ')}`);
    await expect.poll(() => page.getByTestId('status').innerText()).toContain('已答复');
    expect(new URL(page.url()).hash).toBe('');
    expect(page.url()).toBe(`${server.url}/r`);
    expect(await page.getByTestId('opinion-content').innerText()).toBe(content);
    const staff = page.getByTestId('staff-message');
    expect(await staff.count()).toBe(1);
    const staffText = await staff.innerText();
    expect(staffText).toContain('答复');
    expect(staffText).toContain('仅您可见');
    expect(staffText).toContain(answer);

    // Read aloud: the opinion, its state, the answer.
    await page.getByTestId('read-page').click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __spoken: Spoken }).__spoken.length)).toBeGreaterThan(3);
    const read = (await spoken(page)).map((s) => s.text);
    expect(read[0]).toBe('我反映的意见：官僚主义。');
    expect(read).toContain(`答复：${answer}`);
    expect(read.some((r) => r.startsWith('办理情况：已答复。'))).toBe(true);

    // Writing back.
    await page.getByTestId('send-message').click();
    await expect.poll(() => page.getByTestId('message-error').innerText()).toBe('请填写要补充的内容');
    const addition = '谢谢答复。护栏加固好以后我再来说一声，另外桥头路灯也不亮。';
    await page.getByTestId('message').locator('textarea').fill(addition);
    await page.getByTestId('send-message').click();
    await expect.poll(() => page.getByTestId('message-sent').innerText()).toBe('已送达，工作人员会看到。');
    const mine = page.getByTestId('my-message');
    await expect.poll(() => mine.count()).toBe(1);
    expect(await mine.innerText()).toContain('我的补充');
    expect(await mine.innerText()).toContain(addition);
    expect(await page.getByTestId('message').locator('textarea').inputValue()).toBe('');
    await noSideways(page);
    await shoot(page, 'phone-receipt-view.png', true);

    // The office sees the sender's message on the opinion.
    const detail = await api<OpinionDetail>('GET', `/api/opinions/${opinion.id}`);
    expect(detail.messages.map((m) => [m.author, m.public, m.body])).toEqual([['staff', false, answer], ['sender', false, addition]]);
    expect(detail.sender).toBeNull();

    // The code was kept in memory only; remembered on this phone only when asked, forgotten when unticked.
    expect(await page.evaluate(() => localStorage.getItem('massline.receipt'))).toBeNull();
    await page.getByTestId('remember').check();
    expect(await page.evaluate(() => localStorage.getItem('massline.receipt'))).toBe(receipt);
    await page.goto(`${server.url}/r`);
    await expect.poll(() => page.getByTestId('status').innerText()).toContain('已答复');
    await page.getByTestId('remember').uncheck();
    expect(await page.evaluate(() => localStorage.getItem('massline.receipt'))).toBeNull();
    await page.reload();
    await expect.poll(() => page.getByTestId('receipt-input').inputValue()).toBe('');
  });

  it("says the server's words for a wrong code, malformed or unknown, and shows no read-aloud without speech synthesis", async () => {
    const page = await phone({ speech: 'none' });
    await page.goto(`${server.url}/r`);
    await expect.poll(() => page.getByTestId('receipt-input').count()).toBe(1);
    expect(await page.getByTestId('read-page').count()).toBe(0);
    await page.getByTestId('look-up').click();
    await expect.poll(() => page.getByTestId('receipt-error').innerText()).toBe('请输入查询码');
    for (const typed of ['ABCD-EFGH-JKLM-NPQR', 'not a code']) {
      await page.getByTestId('receipt-input').fill(typed);
      await page.getByTestId('look-up').click();
      await expect.poll(() => page.getByTestId('receipt-error').innerText()).toBe('查询码不正确，请核对后重新输入');
      expect(await page.getByTestId('receipt-view').count()).toBe(0);
    }
    // The same page in English: the server's message in English too.
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('look-up').click();
    await expect.poll(() => page.getByTestId('receipt-error').innerText()).toBe('This receipt code is not right; check it and try again');
    await page.getByTestId('lang-switch').click();

    const township = orgs.find((o) => o.name === '示范镇党委')!;
    await page.goto(`${server.url}/o/${township.id}`);
    await expect.poll(() => page.getByTestId('org-name').innerText()).toBe('示范镇党委');
    expect(await page.getByTestId('read-page').count()).toBe(0);
    await page.goto(`${server.url}/o/no-such-org`);
    await expect.poll(() => page.getByTestId('status-title').innerText()).toBe('找不到这个单位');
  });
});
