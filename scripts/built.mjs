#!/usr/bin/env node
// `npm run token` and other development commands: compile (TypeScript only, not the console) when dist/ is missing or
// older than a source it is built from; otherwise do nothing (issue 24: each `npm run -s token` rebuilt everything,
// 15-50 s). Output goes to stderr, so `$(npm run -s token -- ...)` still captures only the token.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const target = process.argv[2] ?? 'dist/apps/launcher/src/token-cli.js';
const newest = (dir) => {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.name === 'node_modules' || p === join('apps', 'console')) continue;
    if (entry.isDirectory()) t = Math.max(t, newest(p));
    else if (entry.name.endsWith('.ts') && !/[.-]spec\.ts$/.test(entry.name)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
};
// tsc emits only files whose text changed, so output times do not say when it last ran: a stamp does (written by
// this script and by `npm run build`).
const STAMP = join('dist', '.built');
const built = existsSync(target) && existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
if (built < Math.max(newest('apps'), newest('libs'))) {
  process.stderr.write('building (TypeScript only)...\n');
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: ['ignore', 2, 2] });
  execFileSync(process.execPath, ['node_modules/tsc-alias/dist/bin/index.js', '-p', 'tsconfig.build.json'], { stdio: ['ignore', 2, 2] });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}
