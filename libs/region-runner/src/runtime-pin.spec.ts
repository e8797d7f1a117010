import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepoRoot } from './repo-root.js';

/**
 * One Node version for every place that names it: .node-version (what scripts/node-install.sh and .ci/run install),
 * the Dockerfile's images, package.json's engines (the minimum, same major) and @types/node (same major).
 */
const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
const read = (file: string) => readFileSync(join(repoRoot, file), 'utf8');
const pin = read('.node-version').trim();
const major = (version: string) => Number(/^v?(\d+)\./.exec(version)?.[1]);
const parts = (version: string) => version.split('.').map(Number);
const notAfter = (a: string, b: string) => {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i];
  return true;
};

describe('the Node version pin', () => {
  it('.node-version holds one exact version', () => {
    expect(pin).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('every image of the Dockerfile is that version', () => {
    const images = [...read('Dockerfile').matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(new RegExp(`^node:${pin.replaceAll('.', '\\.')}-`));
    expect(read('Dockerfile')).toContain(`org.opencontainers.image.base.name="docker.io/library/node:${pin}-`);
  });

  it('scripts/node-install.sh has the sha512 of that version', () => {
    expect(read('scripts/node-install.sh')).toMatch(new RegExp(`^\\s*\\[${pin.replaceAll('.', '\\.')}\\]='sha512-[A-Za-z0-9+/]+=*'$`, 'm'));
  });

  it("package.json's engines name a minimum of the same major, and @types/node is that major", () => {
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; devDependencies: Record<string, string> };
    const minimum = /^>=(\d+\.\d+\.\d+)$/.exec(pkg.engines.node)?.[1];
    expect(minimum).toBeDefined();
    expect(major(minimum!)).toBe(major(pin));
    expect(notAfter(minimum!, pin)).toBe(true);
    expect(major(pkg.devDependencies['@types/node'])).toBe(major(pin));
  });
});
