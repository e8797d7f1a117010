/**
 * Where a node's CPU went in a window of a bench run: `node dist/bench/profile-slice.js <file.cpuprofile> <from µs> <to µs>`
 * (a window the bench printed, on the machine's monotonic clock, which V8's profile timestamps use too). Prints the
 * self time by function and by package, and the inclusive time of the functions that take most.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const [file, fromArg, toArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: profile-slice <file.cpuprofile> [from µs] [to µs]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const from = fromArg ? Number(fromArg) : -Infinity;
const to = toArg ? Number(toArg) : Infinity;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const where = (n: ProfileNode) => {
  const url = n.callFrame.url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.includes('/dist/')) return 'ours:' + url.slice(url.indexOf('/dist/') + 6).split('/').slice(0, 4).join('/');
  if (url.startsWith('node:')) return url;
  return url ? 'other' : `(${n.callFrame.functionName || 'native'})`;
};
const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/.*node_modules\//, '').replace(/.*\/dist\//, '')}:${n.callFrame.lineNumber + 1}`;

const self = new Map<string, number>();
const pkgSelf = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
let t = profile.startTime;
profile.samples.forEach((id, i) => {
  t += profile.timeDeltas[i];
  const dt = profile.timeDeltas[i + 1] ?? 0;
  if (t < from || t > to) return;
  const n = byId.get(id)!;
  if (n.callFrame.functionName === '(idle)') return;
  total += dt;
  self.set(label(n), (self.get(label(n)) ?? 0) + dt);
  pkgSelf.set(where(n), (pkgSelf.get(where(n)) ?? 0) + dt);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur)!);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + dt);
  }
});

const top = (m: Map<string, number>, k: number) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([name, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`)
    .join('\n');

console.log(`busy ${(total / 1000).toFixed(0)} ms in the window\n\n-- self, by package --\n${top(pkgSelf, 25)}\n\n-- self, by function --\n${top(self, 40)}\n\n-- inclusive --\n${top(inclusive, 70)}`);
