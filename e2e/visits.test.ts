import { dayIn } from '@massline/shared';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, E2E_REQUIRED, PHONE, launchChromium } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const shots = path.resolve(import.meta.dirname, '../docs/screenshots');

/** A house in 红旗村, as the surveyor's phone reports it. */
const AT_THE_DOOR = { latitude: 29.563012, longitude: 106.223456, accuracy: 12 };

async function shoot(page: Page, name: string, fullPage = false) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, name), fullPage });
}

/** A signed-in HTTP session (the office setting forms up, or the surveyor's own id), as the staff app would. */
async function session(url: string, username: string) {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username, password: 'demo1234' }),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const me = (await login.json()) as { person: { id: string; name: string } };
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const api = async <T>(method: string, pathname: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}${pathname}`, {
      method,
      headers: { cookie, origin: url, ...(method !== 'GET' ? { 'content-type': 'application/json' } : {}) },
      body: method !== 'GET' ? JSON.stringify(body ?? {}) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return { me, api };
}

interface Template { key: string; kind: string; title: string; description: string; anonymous: boolean; definition: unknown }
interface AssignmentRow { id: string; respondent: { id: string; name: string }; subject: { id: string; name: string } | null; done: number }

describe.skipIf(!E2E_REQUIRED && !existsSync(CHROMIUM))('a surveyor and a cadre answer signed in on a phone, offline too', () => {
  let server: RunningServer;
  let browser: Browser;
  let office: Awaited<ReturnType<typeof session>>['api'];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`MASSLINE_E2E=1 but ${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    office = (await session(server.url, 'office')).api;
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('records two field visits with no network, and syncs each exactly once when it returns; answers a self-inspection', async () => {
    const orgs = (await office<{ items: { id: string; name: string }[] }>('GET', '/api/orgs')).items;
    const township = orgs.find((o) => o.name === '示范镇党委')!;
    const village = orgs.find((o) => o.name === '红旗村党支部')!;
    const surveyor = (await session(server.url, 'surveyor')).me;
    const templates = (await office<{ items: Template[] }>('GET', '/api/forms/templates')).items;
    const template = (key: string) => templates.find((t) => t.key === key)!;
    const create = async (key: string, extra: Record<string, unknown>) => {
      const t = template(key);
      const form = await office<{ id: string }>('POST', '/api/forms', {
        orgId: township.id, kind: t.kind, title: t.title, description: t.description, anonymous: t.anonymous, distribution: 'named', definition: t.definition, ...extra,
      });
      await office('POST', `/api/forms/${form.id}/open`);
      return form.id;
    };

    // Mutual inspection: the surveyor rates the branch secretary and one more member.
    const members = (await office<{ items: { id: string; name: string }[] }>('GET', `/api/people?orgId=${village.id}&limit=100`)).items;
    const secretary = members.find((p) => p.name === '王德明')!;
    const other = members.find((p) => p.id !== secretary.id && p.id !== surveyor.person.id)!;
    const mutualId = await create('mutual_check', { title: '红旗村支委相互查摆问卷' });
    await office('POST', `/api/forms/${mutualId}/assignments`, { mode: 'pairs', orgId: village.id, pairs: [{ raterId: surveyor.person.id, subjectId: secretary.id }, { raterId: surveyor.person.id, subjectId: other.id }] });
    // Self-inspection for every member of 红旗村 with an account.
    const selfId = await create('self_check', { title: '红旗村党员自我查摆问卷' });
    await office('POST', `/api/forms/${selfId}/assignments`, { mode: 'self', orgId: village.id });
    // Field visits with the position of each visit.
    const visitId = await create('field_visit', { title: '红旗村入户走访问卷（三月）', collectLocation: true });
    await office('POST', `/api/forms/${visitId}/assignments`, { mode: 'visits', orgId: village.id, personIds: [surveyor.person.id] });
    const assignmentsOf = async (formId: string) => (await office<{ items: AssignmentRow[] }>('GET', `/api/forms/${formId}/assignments`)).items;
    const visitTask = (await assignmentsOf(visitId))[0];
    const selfTask = (await assignmentsOf(selfId)).find((a) => a.respondent.id === surveyor.person.id)!;
    const mutualTasks = (await assignmentsOf(mutualId)).filter((a) => a.respondent.id === surveyor.person.id);
    const rateSecretary = mutualTasks.find((a) => a.subject?.id === secretary.id)!;

    const context = await browser.newContext({ ...PHONE, permissions: ['geolocation'], geolocation: AT_THE_DOOR });
    contexts.push(context);
    const page = await context.newPage();

    // Signing in: the server's own words when refused.
    await page.goto(`${server.url}/m`);
    await expect.poll(() => page.url()).toBe(`${server.url}/m/`);
    await page.getByTestId('username').fill('surveyor');
    await page.getByTestId('password').fill('wrong-password');
    await page.getByTestId('signin').click();
    await expect.poll(() => page.getByTestId('signin-error').innerText()).toBe('用户名或密码错误');
    await page.getByTestId('password').fill('demo1234');
    await page.getByTestId('signin').click();
    await expect.poll(() => page.getByTestId('who').innerText()).toBe('赵小军');

    // The list, grouped by form: rows per person to rate, a count and a big button for visits.
    const visitGroup = page.getByTestId(`visits-${visitTask.id}`);
    await expect.poll(() => visitGroup.getByTestId('visits-done').innerText()).toBe('已走访 0 户');
    expect(await page.getByTestId(`group-${mutualId}`).innerText()).toContain('互查');
    expect(await page.getByTestId(`task-${rateSecretary.id}`).innerText()).toContain('评价：王德明');
    expect(await page.getByTestId(`group-${mutualId}`).innerText()).toContain('已完成 0 / 2');
    expect(await page.getByTestId(`task-${selfTask.id}`).innerText()).toContain('本人自查');
    expect(await page.getByTestId(`group-${visitId}`).innerText()).toContain('入户走访');
    expect(await page.getByTestId('network').innerText()).toBe('在线');
    expect(await page.getByTestId('pending').innerText()).toBe('已全部同步');
    // The service worker has cached the pages: from now on they open with no network.
    await expect.poll(() => page.getByTestId('offline-ready').count()).toBe(1);
    const offline = (await (await fetch(`${server.url}/m-offline.json`)).json()) as { version: string; files: string[] };
    expect(await page.evaluate(() => caches.keys())).toEqual([`massline-m-${offline.version}`]);
    const cached = await page.evaluate(async () => (await (await caches.open((await caches.keys())[0])).keys()).map((r) => new URL(r.url).pathname));
    expect(cached.sort()).toEqual([...offline.files, '/m/'].sort());
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shoot(page, 'phone-tasks.png', true);

    // Mutual inspection says whom one is rating.
    await page.getByTestId(`task-${rateSecretary.id}`).click();
    await expect.poll(() => page.getByTestId('subject').innerText()).toContain('王德明');
    expect(await page.getByTestId('form-title').innerText()).toBe('红旗村支委相互查摆问卷');
    await page.getByTestId('back').click();

    // The surveyor opens the field-visit task while still online…
    await visitGroup.getByTestId('new-visit').click();
    await expect.poll(() => page.getByTestId('household').innerText()).toBe('第 1 户');
    expect(await page.getByTestId('location-note').innerText()).toContain('不允许定位也能记录走访');
    await page.getByTestId('back').click();
    await expect.poll(() => visitGroup.isVisible()).toBe(true);

    // …then walks out of coverage: the phone, its service worker included, has no network.
    await context.setOffline(true);
    expect(await page.evaluate(() => fetch('/healthz').then(() => 'online', () => 'offline'))).toBe('offline');
    const worker = context.serviceWorkers().find((w) => w.url().endsWith('/sw.js'));
    expect(worker, 'the service worker is running').toBeTruthy();
    expect(await worker!.evaluate(() => fetch('/healthz', { cache: 'no-store' }).then(() => 'online', () => 'offline'))).toBe('offline');

    // The page reloads from the service worker's cache; the list and forms from IndexedDB.
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await expect.poll(() => page.getByTestId('network').innerText()).toBe('离线');
    await expect.poll(() => page.getByTestId('who').innerText()).toBe('赵小军');
    expect(await page.getByTestId('from-cache').innerText()).toBe('离线：显示的是本机保存的任务列表');
    expect(await visitGroup.getByTestId('visits-done').innerText()).toBe('已走访 0 户');

    // Visit 1: interviewed, with the position where it happened.
    await visitGroup.getByTestId('new-visit').click();
    await page.getByTestId('outcome-completed').click();
    // The form's own "outcome" question is answered by the choice above: not asked again.
    await expect.poll(() => page.getByTestId('section-title').innerText()).toBe('访谈内容');
    expect(await page.getByTestId('question-outcome').count()).toBe(0);
    await expect.poll(() => page.getByTestId('location').innerText()).toBe('已记录位置（误差约 12 米）');
    expect(await page.getByTestId('visit-line').innerText()).toBe('第 1 户 · 已完成访谈');
    await page.getByTestId('question-aware').getByText('是', { exact: true }).click();
    await page.getByTestId('question-which_winds').getByText('形式主义', { exact: true }).click();
    await page.getByTestId('question-service').getByText('基本满意', { exact: true }).click();
    await page.getByTestId('question-needs').locator('textarea').fill('村口的路灯坏了两个月，晚上出行不便。');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'phone-visit-offline.png');
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('step').innerText()).toBe('请检查您的回答');
    expect(await page.getByTestId('review').innerText()).toContain('村口的路灯坏了两个月');
    await page.getByTestId('submit').click();
    await expect.poll(() => page.getByTestId('status-title').innerText()).toBe('已保存');
    expect(await page.getByTestId('status-message').innerText()).toBe('走访记录已保存在本机，联网后自动提交。');
    expect(await page.getByTestId('pending').innerText()).toBe('待同步 1 条');

    // Visit 2: nobody at home; and this time the phone gives no position: the visit is recorded without it.
    await context.clearPermissions();
    await page.getByTestId('another-visit').click();
    await expect.poll(() => page.getByTestId('household').innerText()).toBe('第 2 户');
    await page.getByTestId('outcome-not_home').click();
    expect(await page.getByTestId('confirm-outcome').innerText()).toBe('不在家');
    await expect.poll(() => page.getByTestId('location').innerText()).toContain('未获得定位权限，本次走访不记录位置，走访照常记录。');
    await page.getByTestId('save-visit').click();
    await expect.poll(() => page.getByTestId('status-title').innerText()).toBe('已保存');
    await expect.poll(() => page.getByTestId('pending').innerText()).toBe('待同步 2 条');
    // Kept in IndexedDB, not in the page: a reload (phone restarted, WeChat closed) still has them.
    await page.reload();
    await expect.poll(() => page.getByTestId('pending').innerText()).toBe('待同步 2 条');
    await expect.poll(() => page.getByTestId('household').innerText()).toBe('第 3 户');
    await page.getByTestId('back').click();
    await expect.poll(() => visitGroup.getByTestId('visits-pending').innerText()).toBe('另有 2 户待同步');
    await shoot(page, 'phone-visits-pending.png');
    // Nothing has reached the server.
    expect((await assignmentsOf(visitId))[0].done).toBe(0);

    // The network returns. The first reply is lost on the way back (the server has stored the visit).
    const bodies: { idempotencyKey: string; visit?: { outcome: string } }[] = [];
    let dropReply = true;
    await page.route('**/api/my/assignments/*/responses', async (route) => {
      bodies.push(JSON.parse(route.request().postData() ?? '{}'));
      const response = await route.fetch();
      if (dropReply) {
        dropReply = false;
        await route.abort('connectionreset');
      } else {
        await route.fulfill({ response });
      }
    });
    await context.setOffline(false);
    await expect.poll(() => page.getByTestId('network').innerText()).toBe('在线');
    await expect.poll(() => bodies.length).toBe(1);
    await expect.poll(() => page.getByTestId('sync-stalled').count()).toBe(1);
    expect(await page.getByTestId('pending').innerText()).toBe('待同步 2 条');
    // "Sync now": the same key again, recognised by the server; then the second visit.
    await page.getByTestId('sync-now').click();
    await expect.poll(() => page.getByTestId('pending').innerText()).toMatch(/^已全部同步（\d\d:\d\d）$/);
    await expect.poll(() => visitGroup.getByTestId('visits-done').innerText()).toBe('已走访 2 户');
    expect(await visitGroup.getByTestId('visits-pending').count()).toBe(0);
    expect(await page.getByTestId('from-cache').count()).toBe(0);
    await shoot(page, 'phone-synced.png');

    expect(bodies).toHaveLength(3);
    expect(bodies[1].idempotencyKey).toBe(bodies[0].idempotencyKey);
    expect(bodies[2].idempotencyKey).not.toBe(bodies[0].idempotencyKey);
    expect(bodies.map((b) => b.visit?.outcome)).toEqual(['completed', 'completed', 'not_home']);
    // Stored exactly once each: two visits, one questionnaire (not at home has no answers).
    expect((await assignmentsOf(visitId))[0].done).toBe(2);
    const results = await office<{ responseCount: number | string }>('GET', `/api/forms/${visitId}/results`);
    expect(Number(results.responseCount)).toBe(1);
    const db = new Database(path.join(server.dataDir, 'massline.db'), { readonly: true });
    try {
      const visits = db.prepare('select outcome, day, lat, lng, accuracy from field_visits where form_id = ? order by outcome').all(visitId);
      const today = new Date();
      const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
      // The household's area, not its door: the position is rounded to the form's 100 m grid.
      const [at] = visits as { lat: number; lng: number }[];
      expect(Math.abs(at.lat - AT_THE_DOOR.latitude) * 111_320).toBeLessThanOrEqual(50);
      expect(Math.abs(at.lng - AT_THE_DOOR.longitude) * 111_320 * Math.cos((AT_THE_DOOR.latitude * Math.PI) / 180)).toBeLessThanOrEqual(50);
      expect([at.lat, at.lng]).not.toEqual([AT_THE_DOOR.latitude, AT_THE_DOOR.longitude]);
      expect(visits).toEqual([
        { outcome: 'completed', day: expect.any(String), lat: at.lat, lng: at.lng, accuracy: 100 },
        { outcome: 'not_home', day: expect.any(String), lat: null, lng: null, accuracy: null },
      ]);
      // The day the phone saw (the server keeps it unless it is in the future by its own clock).
      for (const v of visits as { day: string }[]) expect([day, dayIn(new Date())]).toContain(v.day);
    } finally {
      db.close();
    }

    // A self-inspection answered signed in (online: sent at once).
    await page.unroute('**/api/my/assignments/*/responses');
    await page.getByTestId(`task-${selfTask.id}`).click();
    expect(await page.getByTestId('self-note').innerText()).toContain('本人自查');
    await page.getByTestId('start').click();
    await expect.poll(() => page.getByTestId('section-title').innerText()).toBe('“四风”方面');
    const chip = (testid: string, label: string) => page.getByTestId(testid).getByRole('radio', { name: label, exact: true });
    await chip('matrix-four_winds-formalism', '有所表现').click();
    await chip('matrix-four_winds-bureaucratism', '不存在').click();
    await chip('matrix-four_winds-hedonism', '不存在').click();
    await chip('matrix-four_winds-extravagance', '不存在').click();
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('section-title').innerText()).toBe('服务群众');
    await chip('rating-service_self', '4').click();
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('section-title').innerText()).toBe('整改承诺');
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('error-measures').innerText()).toBe('此题为必答题');
    await page.getByTestId('question-measures').locator('textarea').fill('每月走访困难户不少于 10 户，年底前完成。');
    await page.getByTestId('next').click();
    await page.getByTestId('submit').click();
    await expect.poll(() => page.getByTestId('status-title').innerText()).toBe('已提交');
    await page.getByTestId('to-list').click();
    await expect.poll(() => page.getByTestId(`task-${selfTask.id}`).getByTestId('row-state').innerText()).toBe('已完成');
    expect((await assignmentsOf(selfId)).find((a) => a.id === selfTask.id)!.done).toBe(1);
    // Answered already: opening it again says so rather than offering the form.
    await page.getByTestId(`task-${selfTask.id}`).click();
    await expect.poll(() => page.getByTestId('status-title').innerText()).toBe('这项任务已经完成');
  });
});
