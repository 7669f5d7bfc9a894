import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CONSOLE_CSP, homePage, loginPage } from './console-pages.js';

describe('console pages', () => {
  it('render the sign-in form in Chinese with the form token and no external assets', () => {
    const page = loginPage({ csrfToken: 'tok"en', error: '用户名或密码错误。' }).value;
    expect(page).toContain('lang="zh-CN"');
    expect(page).toContain('工作人员登录');
    expect(page).toContain('name="_csrf" value="tok&quot;en"');
    expect(page).toContain('用户名或密码错误。');
    expect(page).not.toMatch(/(src|href)=/);
  });

  it('escape account data on the landing page and carry the session token for the logout form', () => {
    const page = homePage({
      username: '<b>x</b>',
      role: 'clerk',
      department: { uscc: '91350100M000100Y43', name: '新化县<市场>监督管理局' },
      csrfToken: 'abc',
    }).value;
    expect(page).toContain('欢迎，&lt;b&gt;x&lt;/b&gt;');
    expect(page).toContain('窗口人员');
    expect(page).toContain('新化县&lt;市场&gt;监督管理局 91350100M000100Y43');
    expect(page).toContain('<meta name="csrf-token" content="abc">');
    expect(page).toMatch(/<form method="post" action="\/console\/logout">\s*<input type="hidden" name="_csrf" value="abc">/);
  });

  it('allow exactly the inline stylesheet they carry through the CSP hash', () => {
    const page = loginPage({ csrfToken: 'x' }).value;
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] as string;
    const hash = createHash('sha256').update(style).digest('base64');
    expect(CONSOLE_CSP).toContain(`style-src 'sha256-${hash}'`);
    expect(CONSOLE_CSP).toContain("default-src 'none'");
    expect(CONSOLE_CSP).toContain("frame-ancestors 'none'");
  });
});
