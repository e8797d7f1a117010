/**
 * What a benchmark takes from its environment beyond its own knobs, so that bench/runtimes.ts can run it on another
 * Node: BENCH_NODE (the Node binary of the measured processes: the region's nodes and gateway, the reference
 * gateways, the delivery nodes; default the one running the benchmark), BENCH_RESULTS_FILE (where the markdown
 * results go instead of bench/results/<name>) and BENCH_JSON_FILE (the figures as JSON, for the runner).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const BENCH_NODE = process.env.BENCH_NODE || process.execPath;

/** `node --version` of a binary (v24.22.3). */
export function nodeVersion(binary: string): string {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${binary} --version failed: ${r.error?.message ?? r.stderr}`);
  return r.stdout.trim();
}

/** The measured processes' Node version, and the benchmark's own when it differs (it runs the load generator). */
export function runtimeNote(): string {
  const measured = nodeVersion(BENCH_NODE);
  return measured === process.version ? `node ${measured}` : `node ${measured} (measured processes; the benchmark process and its load ${process.version})`;
}

export function writeResults(repoRoot: string, name: string, lines: readonly string[]): void {
  const file = process.env.BENCH_RESULTS_FILE || join(repoRoot, 'bench/results', name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, lines.join('\n') + '\n');
}

export function writeJson(data: unknown): void {
  const file = process.env.BENCH_JSON_FILE;
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
}
