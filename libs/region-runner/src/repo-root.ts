import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The nearest directory at or above `from` holding package.json: the repository root both when running compiled
 * code (dist/apps/launcher/src) and sources under Jest (apps/launcher/src).
 */
export function findRepoRoot(from: string): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json found at or above ${from}`);
    dir = parent;
  }
}
