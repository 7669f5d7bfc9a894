#!/usr/bin/env node
// The dependency rule of DESIGN §2, enforced on every import in src/:
//  - src/core imports only src/core and pure Node built-ins (no I/O libraries, no adapters);
//  - adapters (http, kafka, postgres, pki, contracts, audit, web) import core, config and logging,
//    never each other;
//  - web (the console) may use http, whose pages it is;
//  - only src/main.ts, src/cli/ and tests (which wire like main does) know every module;
//  - the connectors (@zhengzhao/*) are clients of the hub: only src/cli/ (`zhengzhao import`) uses them;
//  - no import circle anywhere in src/ (type-only imports included: a circle of types is still two
//    modules that cannot be understood one without the other).
// Exits 1 listing every violation and every circle.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// `node .ci/lint-deps.mjs [DIR]`: DIR is a checkout (default: this one); its src/ is checked.
const root = process.argv[2] ? path.resolve(process.argv[2]) : path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const src = path.join(root, 'src');
const ADAPTERS = new Set(['http', 'kafka', 'postgres', 'pki', 'contracts', 'audit', 'web']);
const SHARED = new Set(['core', 'config', 'logging']);
// The console is pages served by the HTTP adapter: it may use http's route registry and helpers.
const ALLOWED_EDGES = { web: new Set(['http']) };
const CORE_BUILTINS = new Set(['node:crypto', 'node:util', 'node:buffer']);

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else if (name.endsWith('.ts')) yield full;
  }
}

function importsOf(text) {
  const specifiers = [];
  const pattern =
    /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of text.matchAll(pattern)) specifiers.push(match[1] ?? match[2] ?? match[3]);
  return specifiers;
}

function resolveSource(target) {
  for (const candidate of [target.replace(/\.js$/, '.ts'), target, `${target}.ts`, path.join(target, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** Strongly connected components with more than one file (or a file importing itself): Tarjan's algorithm. */
function importCircles(edges) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const circles = [];
  let next = 0;
  const visit = (file) => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of edges.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file), low.get(target)));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file), index.get(target)));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || (edges.get(file) ?? []).includes(file)) circles.push(component.reverse());
    }
  };
  for (const file of edges.keys()) if (!index.has(file)) visit(file);
  return circles;
}

/** Top-level area of a file under src: 'core', 'http', …, or 'main' for src/main.ts. */
function areaOf(file) {
  const relative = path.relative(src, file);
  const first = relative.split(path.sep)[0];
  return relative.includes(path.sep) ? first : first.replace(/\.ts$/, '');
}

const violations = [];
/** file → the src files it imports (relative specifiers resolved, `.js` → `.ts`). */
const graph = new Map();
for (const file of files(src)) {
  graph.set(
    file,
    importsOf(readFileSync(file, 'utf8'))
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => resolveSource(path.resolve(path.dirname(file), specifier)))
      .filter((target) => target !== undefined),
  );
}
for (const file of graph.keys()) {
  const area = areaOf(file);
  const isTest = file.endsWith('.test.ts');
  const specifiers = importsOf(readFileSync(file, 'utf8'));
  if (area !== 'cli' && !isTest) {
    for (const specifier of specifiers.filter((s) => s.startsWith('@zhengzhao/'))) {
      violations.push(`${path.relative(root, file)} imports '${specifier}': only the CLI uses the connectors`);
    }
  }
  if (area === 'main' || area === 'cli' || isTest) continue;
  for (const specifier of specifiers) {
    const where = `${path.relative(root, file)} imports '${specifier}'`;
    if (specifier.startsWith('.')) {
      const target = path.resolve(path.dirname(file), specifier);
      if (!target.startsWith(src + path.sep)) {
        violations.push(`${where}: only tests may import from outside src/`);
        continue;
      }
      const targetArea = areaOf(target);
      if (targetArea === area || (SHARED.has(targetArea) && area !== 'core') || ALLOWED_EDGES[area]?.has(targetArea)) continue;
      if (area === 'core') violations.push(`${where}: core depends on nothing outside core`);
      else violations.push(`${where}: ${area} must not depend on ${targetArea}`);
      continue;
    }
    if (area === 'core' && !CORE_BUILTINS.has(specifier)) {
      violations.push(`${where}: core imports no libraries or I/O modules`);
    }
  }
}

for (const circle of importCircles(graph)) {
  violations.push(`import circle: ${[...circle, circle[0]].map((file) => path.relative(root, file)).join(' → ')}`);
}

if (violations.length > 0) {
  console.error(`dependency rule violated (${violations.length}):\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log('dependency rule: ok; no import circle');
