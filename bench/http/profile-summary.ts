// Summarises a V8 .cpuprofile (node --cpu-prof) by where the CPU went: self time per area of a
// GraphQL request, per package, and the functions with the most self time. --skip leaves out the
// first seconds (the server starting), --until what comes after a second (its stopping).
//   npx tsx bench/http/profile-summary.ts <CPU….cpuprofile> [--top 15] [--skip 5] [--until 20]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { projectRoot } from '../../src/db/prisma-schema.ts';
import { formatTable } from './report.ts';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const SPECIAL = new Map([
  ['(garbage collector)', 'GC'],
  ['(program)', 'V8 (program: compiling, runtime, not JS)'],
  ['(idle)', 'idle'],
  ['(root)', 'V8 (root)'],
]);

/** The package a script belongs to: an npm package, a Node built-in module or Herald's own code. */
function packageOfUrl(url: string): string | undefined {
  if (!url || url.startsWith('wasm://')) return undefined;
  if (url.startsWith('node:')) {
    const [first, second] = url.slice('node:'.length).split('/');
    return `node:${first === 'internal' && second ? second : first}`;
  }
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const inModules = path.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const [scope, name] = path.slice(inModules + '/node_modules/'.length).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  if (path.startsWith(`${projectRoot}src/generated/`)) return 'herald: generated Prisma client';
  if (path.startsWith(`${projectRoot}src/`)) return 'herald: src';
  return path.startsWith(projectRoot) ? `herald: ${path.slice(projectRoot.length).split('/')[0]}` : path;
}

/** Broad areas of a GraphQL request, by package name. */
const AREAS: [string, RegExp][] = [
  ['GC', /^GC$/],
  ['Prisma client (query interpreter, result mapping)', /^@prisma\/(?!adapter)|^herald: generated|^WebAssembly via @prisma\/(?!adapter)/],
  ['database driver (pg, @prisma/adapter-*)', /^(pg|pg-protocol|pg-pool|pg-types|postgres-\w+|@prisma\/adapter-[\w-]+|better-sqlite3)$/],
  ['GraphQL execution (graphql, @graphql-tools)', /^(graphql|@graphql-tools\/[\w-]+)$/],
  ['Pothos (resolvers, selection mapping)', /^@pothos\//],
  ['graphql-yoga, envelop, fetch API (incl. JSON.stringify of the result)', /^(graphql-yoga|@graphql-yoga\/.*|@whatwg-node\/.*|@envelop\/.*)$/],
  ['query limits (cost, depth, tokens, aliases)', /^(graphql-query-complexity|@escape\.tech\/.*)$/],
  ['logging (pino)', /^(pino|sonic-boom|thread-stream)/],
  ['JWT (jose, WebCrypto)', /^(jose|node:crypto)$/],
  ['promise hooks (AsyncLocalStorage)', /^node:async_hooks$/],
  ['microtask queue (promises)', /^V8 builtin via node:process$/],
  ['Herald src', /^herald: src$/],
  ['V8 compiler and runtime (program)', /^V8 \(/],
  ['start-up: module loading, tsx, migrations', /^(node:(modules|bootstrap|vm|fs|path|worker)|tsx|esbuild|@prisma\/schema-engine-wasm)$|via (tsx|node:modules)$/],
  ['Node HTTP server, sockets, buffers, streams', /^node:|^V8 builtin via node:/],
];

const areaOf = (pkg: string) => AREAS.find(([, pattern]) => pattern.test(pkg))?.[0] ?? 'other';

/**
 * Node internals and V8 builtins do work for whoever called them (HTTP parsing called by nobody stays
 * Node's). Not promise hooks: they run for every promise because an AsyncLocalStorage is active.
 */
const isPlumbing = (pkg: string) => (pkg.startsWith('node:') || pkg.startsWith('V8 builtin via')) && !pkg.endsWith('async_hooks');

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  /** Self time, with Node internals and builtins charged to the npm package (or Herald code) that called them. */
  areas: { name: string; selfMs: number }[];
  packages: { name: string; selfMs: number }[];
  functions: { name: string; package: string; location: string; selfMs: number }[];
}

const sortedMs = (totals: Map<string, number>) => [...totals].map(([name, us]) => ({ name, selfMs: us / 1000 })).sort((a, b) => b.selfMs - a.selfMs);
const add = (totals: Map<string, number>, key: string, us: number) => totals.set(key, (totals.get(key) ?? 0) + us);

export function summarise(profile: CpuProfile, { skipSeconds = 0, untilSeconds = Infinity } = {}): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const ancestors = function* (id: number) {
    for (let at = parents.get(id); at !== undefined; at = parents.get(at)) yield nodes.get(at)!.callFrame;
  };

  /**
   * Frames with no script of their own (V8 builtins such as JSON.stringify, WebAssembly) are named
   * with the nearest caller that has one, so "V8 builtin via pg-protocol" says who asked for the work.
   */
  const packageOf = (id: number): string => {
    const { callFrame } = nodes.get(id)!;
    const own = SPECIAL.get(callFrame.functionName) ?? packageOfUrl(callFrame.url);
    if (own) return own;
    const kind = callFrame.url.startsWith('wasm://') ? 'WebAssembly' : 'V8 builtin';
    for (const frame of ancestors(id)) {
      const caller = SPECIAL.has(frame.functionName) ? undefined : packageOfUrl(frame.url);
      if (caller) return `${kind} via ${caller}`;
    }
    return `${kind} via nothing`;
  };
  const chargedPackageOf = (id: number, own: string): string => {
    if (!isPlumbing(own)) return own;
    for (const frame of ancestors(id)) {
      const caller = SPECIAL.has(frame.functionName) ? undefined : packageOfUrl(frame.url);
      if (caller && !isPlumbing(caller)) return caller;
    }
    return own;
  };

  // A sample's time is the gap to the next sample (the last one gets the average gap).
  const selfUs = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  const averageGap = timeDeltas.reduce((sum, delta) => sum + delta, 0) / Math.max(1, timeDeltas.length);
  let sinceStartUs = 0;
  samples.forEach((id, i) => {
    sinceStartUs += timeDeltas[i];
    if (sinceStartUs >= skipSeconds * 1e6 && sinceStartUs < untilSeconds * 1e6) selfUs.set(id, (selfUs.get(id) ?? 0) + (timeDeltas[i + 1] ?? averageGap));
  });

  const byArea = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, { name: string; package: string; location: string; selfMs: number }>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const { callFrame } = nodes.get(id)!;
    totalUs += us;
    const pkg = packageOf(id);
    if (pkg === 'idle') {
      idleUs += us;
      continue;
    }
    add(byPackage, pkg, us);
    add(byArea, areaOf(chargedPackageOf(id, pkg)), us);
    const file = callFrame.url.startsWith('file://') ? fileURLToPath(callFrame.url).replace(projectRoot, '') : callFrame.url;
    const location = file ? `${file.replace(/^.*node_modules\//, '')}:${callFrame.lineNumber + 1}` : '';
    const key = `${callFrame.functionName}|${location}|${pkg}`;
    const entry = byFunction.get(key) ?? { name: callFrame.functionName || '(anonymous)', package: pkg, location, selfMs: 0 };
    entry.selfMs += us / 1000;
    byFunction.set(key, entry);
  }
  return {
    totalMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    areas: sortedMs(byArea),
    packages: sortedMs(byPackage),
    functions: [...byFunction.values()].sort((a, b) => b.selfMs - a.selfMs),
  };
}

export function formatProfile(summary: ProfileSummary, top = 15): string {
  const busyMs = summary.totalMs - summary.idleMs;
  const percent = (ms: number) => `${((ms / busyMs) * 100).toFixed(1)} %`;
  const rows = (entries: { name: string; selfMs: number }[], column: string) =>
    entries.map((entry) => ({ [column]: entry.name, 'self ms': entry.selfMs.toFixed(0), share: percent(entry.selfMs) }));
  return [
    `${(summary.totalMs / 1000).toFixed(1)} s profiled, ${(busyMs / 1000).toFixed(1)} s busy (shares are of busy time)`,
    '\nSelf time by area (Node internals and builtins charged to the package that called them)',
    formatTable(rows(summary.areas, 'area')),
    `\nSelf time by package (top ${top})`,
    formatTable(rows(summary.packages.slice(0, top), 'package')),
    `\nTop ${top} functions by self time`,
    formatTable(
      summary.functions.slice(0, top).map((f) => ({ function: f.name, package: f.package, 'self ms': f.selfMs.toFixed(0), share: percent(f.selfMs), where: f.location })),
    ),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '15' }, skip: { type: 'string', default: '0' }, until: { type: 'string' } } });
  const [file] = positionals;
  if (!file) throw new Error('usage: tsx bench/http/profile-summary.ts <file.cpuprofile> [--top N] [--skip seconds] [--until seconds]');
  const skipSeconds = Number(values.skip);
  const untilSeconds = values.until === undefined ? Infinity : Number(values.until);
  if (skipSeconds) console.log(`Leaving out the first ${skipSeconds} s`);
  if (untilSeconds !== Infinity) console.log(`Leaving out everything after ${untilSeconds} s`);
  console.log(formatProfile(summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, { skipSeconds, untilSeconds }), Number(values.top)));
}
