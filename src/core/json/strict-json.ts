/**
 * @module core/json/strict-json
 * The one JSON parse for input the hub acts on — request bodies and sealed payloads alike. Plain
 * `JSON.parse` keeps the last of two members with the same name, while other parsers keep the
 * first; sealed bytes with `"issuer"` twice would then mean one thing to the hub and another to a
 * department's system. RFC 8259 §4 leaves that undefined, so such documents are refused here, as
 * are strings holding NUL or a lone UTF-16 surrogate (no database or other system stores them
 * faithfully; see `safe-text`).
 *
 * `JSON.parse` checks the syntax first; a single scan then tracks member names per object. Names are
 * compared decoded, so `"a"` and `"\u0061"` are the same member.
 */
import { describeUnsafeText } from './safe-text.js';

export type StrictJsonResult =
  | { ok: true; value: unknown }
  | { ok: false; problem: 'syntax'; detail: string }
  | { ok: false; problem: 'duplicate-member' | 'unsafe-text'; detail: string; pointer: string };

export function parseStrictJson(text: string): StrictJsonResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'syntax', detail: 'not valid JSON' };
  }
  const duplicate = findDuplicateMember(text);
  if (duplicate)
    return {
      ok: false,
      problem: 'duplicate-member',
      detail: `the member "${clip(duplicate.name)}" appears twice`,
      pointer: duplicate.pointer,
    };
  const unsafe = findUnsafeString(value, '');
  if (unsafe) return { ok: false, problem: 'unsafe-text', detail: `a string holds ${unsafe.what}`, pointer: unsafe.pointer };
  return { ok: true, value };
}

interface Frame {
  /** Member names seen so far; undefined for an array. */
  names: Set<string> | undefined;
  /** The pointer of this container. */
  pointer: string;
  /** Inside an object: whether the next string is a member name. */
  expectName: boolean;
  /** The last member name, or the array index. */
  key: string;
  index: number;
}

/** Scans text that `JSON.parse` accepted: only strings, brackets, commas and colons matter. */
function findDuplicateMember(text: string): { name: string; pointer: string } | undefined {
  const stack: Frame[] = [];
  const top = () => stack[stack.length - 1];
  const childPointer = () => {
    const frame = top();
    if (!frame) return '';
    return `${frame.pointer}/${frame.names ? escapePointer(frame.key) : String(frame.index)}`;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const frame = top();
      if (frame?.names && frame.expectName) {
        const raw = text.slice(i + 1, end);
        const name = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (frame.names.has(name)) return { name, pointer: `${frame.pointer}/${escapePointer(name)}` };
        frame.names.add(name);
        frame.key = name;
        frame.expectName = false;
      }
      i = end;
    } else if (ch === '{' || ch === '[') {
      stack.push({ names: ch === '{' ? new Set() : undefined, pointer: childPointer(), expectName: ch === '{', key: '', index: 0 });
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      const frame = top();
      if (frame?.names) frame.expectName = true;
      else if (frame) frame.index++;
    }
  }
  return undefined;
}

function findUnsafeString(value: unknown, pointer: string): { what: string; pointer: string } | undefined {
  if (typeof value === 'string') {
    const what = describeUnsafeText(value);
    return what ? { what, pointer } : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    const what = describeUnsafeText(key);
    if (what) return { what, pointer: `${pointer}/${escapePointer(key)}` };
    const found = findUnsafeString(child, `${pointer}/${escapePointer(key)}`);
    if (found) return found;
  }
  return undefined;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function clip(name: string): string {
  return name.length > 64 ? `${name.slice(0, 64)}…` : name;
}
