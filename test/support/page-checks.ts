/**
 * Checks run inside a console page in Chromium: axe-core's WCAG 2.1 A/AA rules (contrast, labels,
 * names, landmarks …), injected from node_modules through the DevTools protocol — never fetched from
 * a CDN, and without loosening the page's CSP — and the English check: no Chinese text outside an
 * element marked `lang="zh-CN"` (licence content, item names and the notice are Chinese data whatever
 * the console's language; a label, heading or button in Chinese on an English page is a missing message).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  tablet: { width: 768, height: 1024 },
} as const;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown; html: string }[];
}

/** axe-core's violations of WCAG 2.1 A/AA on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate("typeof window.axe === 'object'"))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_AA)} } }).then((r) =>
    r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, html: n.html })) })))`);
}

/** axe at the desktop and the tablet viewport; the page is left at the desktop size. */
export async function axeAtBothViewports(page: Page): Promise<Record<string, AxeViolation[]>> {
  const found: Record<string, AxeViolation[]> = {};
  for (const [name, size] of Object.entries(VIEWPORTS).reverse()) {
    await page.setViewportSize(size);
    found[name] = await axeViolations(page);
  }
  return found;
}

/** Chinese text on the page that is not inside an element marked as Chinese: labels that missed English. */
export function chineseOutsideData(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      if (!/[\\u3400-\\u9fff\\uff00-\\uffef\\u3000-\\u303f]/.test(text)) continue;
      const marked = node.parentElement && node.parentElement.closest('[lang]');
      if (!marked || !marked.getAttribute('lang').startsWith('zh')) found.push(node.parentElement.tagName + ': ' + text);
    }
    return found;
  })()`);
}
