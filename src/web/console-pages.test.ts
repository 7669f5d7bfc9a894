import { describe, expect, it } from 'vitest';
import { CONSOLE_CSP, homePage, loginPage } from './console-pages.js';
import { en } from './messages/en.js';
import { zhCN } from './messages/zh-cn.js';

describe('console pages', () => {
  it('render the sign-in form in Chinese with the form token and no external assets', () => {
    const page = loginPage({ csrfToken: 'tok"en', error: '用户名或密码错误。' }).value;
    expect(page).toContain('lang="zh-CN"');
    expect(page).toContain('工作人员登录');
    expect(page).toContain('name="_csrf" value="tok&quot;en"');
    expect(page).toContain('用户名或密码错误。');
    // Only the hub's own stylesheet and script, by absolute path on the hub, and its language switch.
    expect([...page.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1])).toEqual([
      '/console/assets/console.css',
      '/console/assets/console.js',
      '/console/language?to=en&amp;back=/console/login',
    ]);
  });

  it('escape account data on the landing page and carry the session token for the logout form', () => {
    const view = { t: zhCN, lang: 'zh-CN' as const, username: '<b>x</b>', role: 'clerk' as const, csrfToken: 'abc', path: '/console' };
    const page = homePage(view, { uscc: '91350100M000100Y43', name: '新化县<市场>监督管理局' }).value;
    expect(page).toContain('欢迎，&lt;b&gt;x&lt;/b&gt;');
    expect(page).toContain('窗口人员');
    expect(page).toContain('<span lang="zh-CN">新化县&lt;市场&gt;监督管理局</span> 91350100M000100Y43');
    expect(page).toContain('<meta name="csrf-token" content="abc">');
    expect(page).toMatch(/<form method="post" action="\/console\/logout"><input type="hidden" name="_csrf" value="abc">/);
  });

  it('tell a security admin, and only one, which working calendar year to enter', () => {
    const gap = { due: [2027], daysUntilUnknown: 25 };
    const as = (role: 'security-admin' | 'clerk', t = zhCN) =>
      homePage(
        { t, lang: t === en ? ('en' as const) : ('zh-CN' as const), username: 'u', role, csrfToken: 't', path: '/console' },
        undefined,
        gap,
      ).value;
    expect(as('security-admin')).toContain('id="calendar-missing"');
    expect(as('security-admin')).toContain('2027年工作日历尚未录入（25 天后起办件时限只能按周一至周五暂计）');
    expect(as('security-admin', en)).toContain('The working calendar for 2027 has not been entered: in 25 days');
    expect(as('clerk')).not.toContain('calendar-missing');
    const complete = homePage(
      { t: zhCN, lang: 'zh-CN', username: 'u', role: 'security-admin', csrfToken: 't', path: '/console' },
      undefined,
      { due: [], daysUntilUnknown: 390 },
    ).value;
    expect(complete).not.toContain('calendar-missing');
  });

  it('render the sign-in form in English from the message files when asked', () => {
    const page = loginPage({ csrfToken: 'x', t: en }).value;
    expect(page).toContain('lang="en"');
    expect(page).toContain('<label for="username">Username</label>');
    expect(page).toContain('/console/language?to=zh-CN&amp;back=/console/login');
    expect(page).not.toMatch(/工作人员|用户名|密码/);
  });

  it('carry no inline style or script, and the CSP allows none', () => {
    const page = loginPage({ csrfToken: 'x' }).value;
    expect(page).not.toMatch(/<style|<script>|style=/);
    expect(CONSOLE_CSP).toContain("default-src 'none'");
    expect(CONSOLE_CSP).toContain("style-src 'self'");
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).toContain("frame-ancestors 'none'");
    expect(CONSOLE_CSP).not.toContain('unsafe');
  });
});
