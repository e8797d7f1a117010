#!/usr/bin/env node
// `npm test`: Jest twice, one after the other (npm test builds first).
//  1. unit and integration: each integration file starts the nodes it needs on fresh databases; no region runs
//     (YPF_TEST_REGION=0), so they have the database server's connections to themselves.
//  2. end-to-end: the whole region, booted once by the global setup and shared by every e2e file.
// With the region up during the integration files, a default PostgreSQL (100 connections) ran out: eight nodes and a
// gateway held ~60 while a file's own nodes took ~50 (CI failed with "sorry, too many clients already").
// Arguments go to both runs (`npm test -- --testPathPatterns watch`); `--selectProjects ...` runs the named ones once.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const jest = ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', 'node_modules/jest/bin/jest.js', '--runInBand'];
const run = (extra, env) => spawnSync(process.execPath, [...jest, ...extra, ...args], { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

if (args.includes('--selectProjects')) process.exit(run([], {}));
const runs = [
  { name: 'unit and integration', code: run(['--selectProjects', 'unit', 'integration'], { YPF_TEST_REGION: '0' }) },
  { name: 'end-to-end (the booted region)', code: run(['--selectProjects', 'e2e'], {}) },
];
const failed = runs.filter((r) => r.code !== 0);
for (const r of runs) process.stdout.write(`${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`}: ${r.name}\n`);
process.exit(failed.length ? 1 : 0);
