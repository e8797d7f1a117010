#!/usr/bin/env node
/**
 * Checks the SBOM that `npm run sbom` wrote (default sbom.cdx.json): valid JSON, CycloneDX, this project as the main
 * component, and exactly the production dependency tree — every package.json dependency at its pinned version, every
 * installed production package of the lockfile present, and no development-only package. Exits 1 naming each problem.
 *
 *   node scripts/sbom-check.mjs [sbom.cdx.json]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const file = resolve(process.argv[2] ?? join(root, 'sbom.cdx.json'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));

const problems = [];
let bom;
try {
  bom = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`sbom-check: ${file} is not readable JSON: ${e.message}`);
  process.exit(1);
}

if (bom.bomFormat !== 'CycloneDX') problems.push(`bomFormat is ${JSON.stringify(bom.bomFormat)}, not "CycloneDX"`);
if (!/^1\.\d+$/.test(String(bom.specVersion))) problems.push(`specVersion ${JSON.stringify(bom.specVersion)} is not a CycloneDX 1.x version`);
const main = bom.metadata?.component;
if (main?.name !== pkg.name || main?.version !== pkg.version) {
  problems.push(`the main component is ${main?.name}@${main?.version}, not ${pkg.name}@${pkg.version}`);
}

// Every component, nested ones included, by its path in node_modules (cyclonedx-npm records it as a property).
const components = [];
const walk = (list) => {
  for (const c of list ?? []) {
    components.push(c);
    walk(c.components);
  }
};
walk(bom.components);
const pathOf = (c) => c.properties?.find((p) => p.name === 'cdx:npm:package:path')?.value;
const fullName = (c) => (c.group ? `${c.group}/${c.name}` : c.name);
const byPath = new Map(components.map((c) => [pathOf(c), c]));

for (const [name, version] of Object.entries(pkg.dependencies ?? {})) {
  const c = byPath.get(`node_modules/${name}`);
  if (!c) problems.push(`production dependency ${name} is missing`);
  else if (c.version !== version) problems.push(`production dependency ${name} is ${c.version} in the SBOM, ${version} in package.json`);
}

for (const c of components) {
  const path = pathOf(c);
  const entry = path ? lock.packages?.[path] : undefined;
  if (!entry) problems.push(`${fullName(c)}@${c.version} (${path ?? 'no path'}) is not in package-lock.json`);
  else if (entry.dev) problems.push(`${fullName(c)}@${c.version} (${path}) is a development-only package`);
  if (!c.purl?.startsWith('pkg:npm/')) problems.push(`${fullName(c)}@${c.version} has no npm package URL`);
}

// The converse: every production package installed here is listed (optional ones for other platforms are not installed).
for (const [path, entry] of Object.entries(lock.packages ?? {})) {
  if (!path || entry.dev || entry.link || !existsSync(join(root, path, 'package.json'))) continue;
  if (!byPath.has(path)) problems.push(`production package ${path} (${entry.version}) is missing`);
}

if (problems.length) {
  console.error(`sbom-check: ${file}: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.error(
  `sbom-check: ${file}: CycloneDX ${bom.specVersion}, ${components.length} production components, ` +
    `all ${Object.keys(pkg.dependencies ?? {}).length} dependencies of package.json at their pinned versions, no development-only package`,
);
