import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium; CI sets MASSLINE_E2E=1, which makes the browser tests required. */
export const CHROMIUM = '/usr/bin/chromium';
export const E2E_REQUIRED = process.env.MASSLINE_E2E === '1';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** WeChat's built-in browser on an Android phone, as it introduces itself. */
export const WECHAT_UA =
  'Mozilla/5.0 (Linux; Android 12; V2145A Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 ' +
  'Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5075 MMWEBSDK/20230504 MMWEBID/2585 MicroMessenger/8.0.47.2560(0x28002F35) ' +
  'WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';

/** A 360 px phone in WeChat. */
export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, userAgent: WECHAT_UA, locale: 'zh-CN' };

/** The office user's (or another demo user's) HTTP session, for setting things up and checking them the way the staff app would. */
export async function officeApi(url: string, username = 'office') {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username, password: 'demo1234' }),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async <T>(method: string, pathname: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}${pathname}`, {
      method,
      headers: { cookie, origin: url, ...(method !== 'GET' ? { 'content-type': 'application/json' } : {}) },
      body: method !== 'GET' ? JSON.stringify(body ?? {}) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

/** Signs a demo user in to the staff app on this page, and waits until it has left the login page. */
export async function signIn(page: Page, url: string, username = 'office'): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('demo1234');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}
