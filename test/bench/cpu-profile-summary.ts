/**
 * Reads a V8 `.cpuprofile` (node --cpu-prof) and says where the time went: self time by area
 * (our modules by folder, libraries by package, node internals, GC, idle) and the functions with
 * the most self and inclusive time. Run alone: `tsx test/bench/cpu-profile-summary.ts FILE`.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  areas: { area: string; ms: number }[];
  selfTop: { fn: string; ms: number }[];
  inclusiveTop: { fn: string; ms: number }[];
}

function areaOf(url: string, fn: string): string {
  if (url === '') return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  const ours = /\/(?:dist\/)?src\/([^/]+)\//.exec(url);
  if (ours) return `src/${ours[1]}`;
  if (url.startsWith('node:')) return url.split('/').slice(0, 3).join('/');
  return url;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^.*\/(node_modules|dist|src)\//, '$1/').replace(/^file:\/\//, '');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

export function summariseCpuProfile(file: string, top = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += ms;
    const node = byId.get(id) as ProfileNode;
    const fn = label(node);
    self.set(fn, (self.get(fn) ?? 0) + ms);
    const area = areaOf(node.callFrame.url, node.callFrame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    // Each function once per sample, however deep it recurses.
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) onStack.add(label(byId.get(at) as ProfileNode));
    for (const name of onStack) inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
  });
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    totalMs,
    areas: sorted(areas).map(([area, ms]) => ({ area, ms })),
    selfTop: sorted(self)
      .slice(0, top)
      .map(([fn, ms]) => ({ fn, ms })),
    inclusiveTop: sorted(inclusive)
      .filter(([fn]) => !fn.startsWith('(root)') && !fn.startsWith('(program)'))
      .slice(0, top)
      .map(([fn, ms]) => ({ fn, ms })),
  };
}

export function formatProfileSummary(summary: ProfileSummary): string {
  const pct = (ms: number) => `${((100 * ms) / summary.totalMs).toFixed(1)}%`;
  const rows = (items: { name: string; ms: number }[]) =>
    items.map((r) => `| ${r.name} | ${(r.ms / 1000).toFixed(1)} s | ${pct(r.ms)} |`).join('\n');
  return [
    `CPU profile of the hub: ${(summary.totalMs / 1000).toFixed(1)} s sampled`,
    '',
    '| area (self time) | time | share |',
    '|---|---|---|',
    rows(summary.areas.slice(0, 15).map((a) => ({ name: a.area, ms: a.ms }))),
    '',
    '| function (self time) | time | share |',
    '|---|---|---|',
    rows(summary.selfTop.map((f) => ({ name: `\`${f.fn}\``, ms: f.ms }))),
    '',
    '| function (inclusive time) | time | share |',
    '|---|---|---|',
    rows(summary.inclusiveTop.map((f) => ({ name: `\`${f.fn}\``, ms: f.ms }))),
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: tsx test/bench/cpu-profile-summary.ts FILE.cpuprofile\n');
    process.exit(2);
  }
  process.stdout.write(`${formatProfileSummary(summariseCpuProfile(file))}\n`);
}
