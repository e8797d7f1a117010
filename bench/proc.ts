/** The benchmarks' view of /proc: CPU and memory of process trees. */
import { readdirSync, readFileSync } from 'node:fs';

/** Which processes a scenario's CPU is charged to: the gateway under test, the city nodes, PostgreSQL (when embedded). */
export interface CpuParts {
  gateway: number;
  nodes: readonly number[];
  postgres?: number;
}

/**
 * Every process in /proc: its command name, its parent, its own CPU ticks (utime + stime), and `ticks`, which adds
 * those of its children that ended (cutime + cstime), so that PostgreSQL backends that close during a scenario count.
 */
type ProcessTable = Map<number, { comm: string; ppid: number; own: number; ticks: number }>;

function processTable(): ProcessTable {
  const table: ProcessTable = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const own = Number(f[11]) + Number(f[12]);
      table.set(Number(d), { comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ppid: Number(f[1]), own, ticks: own + Number(f[13]) + Number(f[14]) });
    } catch {
      /* process ended */
    }
  }
  return table;
}

/** The processes of `table` that are `roots` or descend from them. */
function inTrees(table: ProcessTable, roots: readonly number[]): number[] {
  const inside = (pid: number) => {
    for (let cur: number | undefined = pid, i = 0; cur && i < 50; cur = table.get(cur)?.ppid, i++) if (roots.includes(cur)) return true;
    return false;
  };
  return [...table.keys()].filter(inside);
}

const ticksUnder = (table: ProcessTable, roots: readonly number[]) => inTrees(table, roots).reduce((ticks, pid) => ticks + table.get(pid)!.ticks, 0);

/** CPU ticks (1/100 s) so far of the processes `roots` and their descendants. */
export function treeCpuTicks(roots: readonly number[]): number {
  return ticksUnder(processTable(), roots);
}

/** CPU ticks so far of each part's processes and their descendants. */
export function cpuTicks(parts: CpuParts): { gateway: number; nodes: number; postgres: number } {
  const table = processTable();
  return { gateway: ticksUnder(table, [parts.gateway]), nodes: ticksUnder(table, parts.nodes), postgres: parts.postgres ? ticksUnder(table, [parts.postgres]) : 0 };
}

/** CPU milliseconds used so far by the running processes whose command starts with `prefix` (their own time). */
export function commandCpuMs(prefix: string): number {
  let ticks = 0;
  for (const p of processTable().values()) if (p.comm.startsWith(prefix)) ticks += p.own;
  return ticks * 10;
}

/** The machine's CPU time so far, from /proc/stat (ms, all cores): busy, idle, and stolen by other guests of the host. */
export function machineCpuMs(): { busy: number; idle: number; steal: number } {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { busy: (user + nice + system + irq + softirq) * 10, idle: (idle + iowait) * 10, steal: steal * 10 };
}

/** Memory (PSS) of processes and all their descendants (PostgreSQL forks a process per connection). */
export function treeRssMb(rootPids: readonly number[]): number {
  let kb = 0;
  for (const pid of inTrees(processTable(), rootPids)) {
    try {
      // PSS, not RSS: PostgreSQL backends share their buffer pool, and RSS would count it once per backend.
      const m = /Pss:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      /* gone */
    }
  }
  return Math.round(kb / 1024);
}

export type CpuTicks = ReturnType<typeof cpuTicks>;

/** CPU milliseconds per request (or check) of each part between two readings (Linux ticks are 10 ms, USER_HZ 100). */
export function cpuMsPer(before: CpuTicks, after: CpuTicks, count: number): CpuTicks {
  const per = (k: keyof CpuTicks) => ((after[k] - before[k]) * 10) / Math.max(1, count);
  return { gateway: per('gateway'), nodes: per('nodes'), postgres: per('postgres') };
}
