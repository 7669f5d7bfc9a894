#!/usr/bin/env node
// The dependency rule of DESIGN §2, enforced on every import in src/:
//  - src/core imports only src/core and pure Node built-ins (no I/O libraries, no adapters);
//  - adapters (http, kafka, postgres, pki, contracts, audit, web) import core, config and logging,
//    never each other;
//  - web (the console) may use http, whose pages it is;
//  - only src/main.ts, src/cli/ and tests (which wire like main does) know every module;
//  - the connectors (@zhengzhao/*) are clients of the hub: only src/cli/ (`zhengzhao import`) uses them.
// Exits 1 listing every violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
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

/** Top-level area of a file under src: 'core', 'http', …, or 'main' for src/main.ts. */
function areaOf(file) {
  const relative = path.relative(src, file);
  const first = relative.split(path.sep)[0];
  return relative.includes(path.sep) ? first : first.replace(/\.ts$/, '');
}

const violations = [];
for (const file of files(src)) {
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

if (violations.length > 0) {
  console.error(`dependency rule violated (${violations.length}):\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log('dependency rule: ok');
