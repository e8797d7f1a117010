#!/usr/bin/env node
/**
 * `npm run deps`: what is behind its latest release, as a table (over `npm outdated --json --long`), with what the
 * update policy says about it (docs/running.md, "Dependencies"): patch releases promptly, minor releases each quarter, a major
 * release when the whole stack supports it. Packages held back on purpose say why. Exits 0 whatever is behind; 1 only
 * when npm could not tell (e.g. the registry is unreachable).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Held back on purpose: why, and what would lift it. Keep in step with docs/running.md. */
const HELD = {
  graphql: 'Apollo Server 5, Gateway and Federation 2 take graphql 16 only',
  typescript: '6 and 7 are majors of the toolchain (6 deprecates baseUrl, which the @ypf/* paths use; @nestjs/graphql does not list 7)',
  ioredis: "TypeORM 1.1's peer range is ioredis ^5 (BullMQ's is >=5)",
  '@types/node': 'follows the runtime: major = the Node major of .node-version',
  undici: '8 does not load on Node 20 (zlib zstd): take it once nobody runs the project on Node 20 (re-apply fd2bfc7)',
};

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const npm = spawnSync('npm', ['outdated', '--json', '--long'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
let outdated;
try {
  outdated = JSON.parse(npm.stdout || '{}');
} catch {
  outdated = undefined;
}
if (!outdated || outdated.error || (npm.status !== 0 && npm.status !== 1)) {
  console.error(`npm outdated failed (exit ${npm.status}):\n${outdated?.error?.summary ?? npm.stderr.trim() ?? ''}`);
  process.exit(1);
}

const parse = (v) => /^(\d+)\.(\d+)\.(\d+)/.exec(v ?? '')?.slice(1).map(Number);
function kind(from, to) {
  const [a, b] = [parse(from), parse(to)];
  if (!a || !b) return '?';
  if (b[0] !== a[0]) return 'major';
  if (b[1] !== a[1]) return 'minor';
  if (b[2] !== a[2]) return 'patch';
  return 'prerelease';
}
const POLICY = { patch: 'take now', prerelease: 'take now', minor: 'next quarterly update', major: 'when the stack supports it', '?': 'check' };

const rows = Object.entries(outdated)
  // Several installed copies of one name come back as an array; the project's own entry is the one that counts.
  .map(([name, info]) => [name, Array.isArray(info) ? (info.find((i) => i.dependent === pkg.name) ?? info[0]) : info])
  .map(([name, info]) => {
    const pinned = pkg.dependencies?.[name] ?? pkg.devDependencies?.[name] ?? info.wanted;
    const update = kind(info.current ?? pinned, info.latest);
    return {
      name,
      type: pkg.dependencies?.[name] ? 'prod' : 'dev',
      pinned,
      installed: info.current ?? 'missing',
      latest: info.latest,
      update,
      policy: HELD[name] && update === 'major' ? `held: ${HELD[name]}` : POLICY[update],
    };
  })
  .sort((a, b) => ['patch', 'prerelease', 'minor', 'major', '?'].indexOf(a.update) - ['patch', 'prerelease', 'minor', 'major', '?'].indexOf(b.update) || a.name.localeCompare(b.name));

if (rows.length === 0) {
  console.log('Every dependency is at its latest release.');
  process.exit(0);
}
const head = ['package', 'type', 'pinned', 'installed', 'latest', 'update', 'policy'];
const cells = rows.map((r) => [r.name, r.type, r.pinned, r.installed, r.latest, r.update, r.policy]);
const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => String(c[i]).length)));
const line = (c) => c.map((x, i) => String(x).padEnd(width[i])).join('  ').trimEnd();
console.log(line(head));
console.log(line(width.map((w) => '-'.repeat(w))));
for (const c of cells) console.log(line(c));
const count = (u) => rows.filter((r) => r.update === u).length;
console.log(`\n${rows.length} behind: ${count('patch') + count('prerelease')} patch, ${count('minor')} minor, ${count('major')} major (policy: docs/running.md, "Dependencies").`);
