import { describe, expect, it } from 'vitest';
import { escapeHtml, html, SafeHtml } from './html.js';

describe('html templates', () => {
  it('escapes the five characters that can break out of text or attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escapes interpolated values but keeps nested templates as markup', () => {
    const name = '<script>alert(1)</script>';
    const page = html`<p title="${'" onmouseover="x'}">${name}</p>${html`<b>${'张三'}</b>`}`;
    expect(page).toBeInstanceOf(SafeHtml);
    expect(page.value).toBe('<p title="&quot; onmouseover=&quot;x">&lt;script&gt;alert(1)&lt;/script&gt;</p><b>张三</b>');
  });

  it('renders nothing for absent values and joins arrays', () => {
    expect(html`a${undefined}${null}${false}b${['<', html`<i>`]}c`.value).toBe('ab&lt;<i>c');
    expect(html`${0}`.value).toBe('0');
  });

  it('shows bidi overrides and isolates as visible markers instead of letting them reorder the text', () => {
    expect(html`<td>${'JY\u202E1234\u2066x\u2069'}</td>`.value).toBe('<td>JY[U+202E]1234[U+2066]x[U+2069]</td>');
  });
});
