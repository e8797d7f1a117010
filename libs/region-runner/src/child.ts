import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { LineSplitter, RingBuffer, stripAnsi } from './log-lines.js';
import { httpGet, settlesWithin, sleep } from './net.js';

export interface ChildSpec {
  /** Short name used in log prefixes and errors: a city code or `gateway`. */
  name: string;
  /** Script run with this Node binary (absolute path). */
  script: string;
  cwd: string;
  env: Record<string, string>;
  /** GET target that answers 200 once the process is ready. */
  healthUrl: string;
  /** Node options before the script (e.g. `--cpu-prof`, which NODE_OPTIONS does not take). */
  nodeArgs?: string[];
  /** The Node binary that runs the script. Default: the one running this process (benchmarks compare runtimes). */
  nodeBinary?: string;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Raised when a child dies before it became healthy; carries its last log lines. */
export class ChildExitedError extends Error {
  constructor(
    readonly childName: string,
    readonly exit: ChildExit,
    readonly lastLines: string[],
  ) {
    super(
      `${childName} exited (${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}) before it was healthy. ` +
        `Last ${lastLines.length} log lines of ${childName}:\n${lastLines.map((l) => `  ${l}`).join('\n')}`,
    );
  }
}

/**
 * One supervised child process: Node running an app script, stdin a pipe (the apps exit when it closes, so
 * they die with us even after a SIGKILL of the parent), stdout/stderr split into lines and handed to `onLine`.
 */
export class ManagedChild {
  private proc: ChildProcess | undefined;
  private exitPromise: Promise<ChildExit> = Promise.resolve({ code: null, signal: null });
  private exitInfo: ChildExit | undefined;
  private readonly recent = new RingBuffer(20);
  private expectExit = false;

  constructor(
    readonly spec: ChildSpec,
    private readonly onLine: (name: string, line: string, stream: 'stdout' | 'stderr') => void,
    private readonly onUnexpectedExit: (name: string, exit: ChildExit) => void,
  ) {}

  get pid(): number | undefined {
    return this.exitInfo ? undefined : this.proc?.pid;
  }

  get running(): boolean {
    return this.proc !== undefined && this.exitInfo === undefined;
  }

  get lastLines(): string[] {
    return this.recent.toArray();
  }

  start(): void {
    if (this.running) throw new Error(`${this.spec.name} is already running`);
    this.recent.clear();
    this.exitInfo = undefined;
    this.expectExit = false;
    const proc = spawn(this.spec.nodeBinary ?? process.execPath, [...(this.spec.nodeArgs ?? []), this.spec.script], {
      cwd: this.spec.cwd,
      env: this.spec.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Own process group, so a terminal Ctrl-C reaches only the launcher, which then stops everything in order
      // (gateway, nodes, database) instead of every process dying at once.
      detached: true,
    });
    this.proc = proc;
    // Nothing is ever written to stdin; ignore EPIPE when the child has gone.
    proc.stdin?.on('error', () => undefined);
    for (const stream of ['stdout', 'stderr'] as const) {
      const readable = proc[stream];
      if (!readable) continue;
      readable.setEncoding('utf8'); // decodes multi-byte characters split across chunks correctly
      const splitter = new LineSplitter((line) => {
        this.recent.push(stripAnsi(line));
        this.onLine(this.spec.name, line, stream);
      });
      readable.on('data', (chunk: string) => splitter.push(chunk));
      readable.on('end', () => splitter.flush());
    }
    this.exitPromise = new Promise<ChildExit>((resolve) => {
      let settled = false;
      const done = (exit: ChildExit) => {
        if (settled) return;
        settled = true;
        this.exitInfo = exit;
        if (!this.expectExit) this.onUnexpectedExit(this.spec.name, exit);
        resolve(exit);
      };
      // 'close' waits for stdio to drain, so the last log lines are in `recent` when we report.
      proc.once('close', (code, signal) => done({ code, signal }));
      proc.once('error', (err) => {
        this.recent.push(`spawn failed: ${err.message}`);
        done({ code: null, signal: null });
      });
    });
  }

  /** Resolves when the process has exited (immediately if it is not running). */
  waitForExit(): Promise<ChildExit> {
    return this.exitPromise;
  }

  private async waitForExitWithin(ms: number): Promise<boolean> {
    if (!this.running) return true;
    return settlesWithin(this.exitPromise, ms);
  }

  private signal(sig: NodeJS.Signals): void {
    const pid = this.proc?.pid;
    if (!pid || !this.running) return;
    try {
      // The whole group: also reaches anything the app itself spawned.
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`. Resolves when the process has exited. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.expectExit = true;
    this.signal('SIGTERM');
    if (!(await this.waitForExitWithin(graceMs))) {
      this.signal('SIGKILL');
      await this.waitForExitWithin(5_000);
    }
    this.proc?.stdin?.end();
  }

  /** SIGKILL right away (crash simulation / forced exit). */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.expectExit = true;
    this.signal('SIGKILL');
    await this.waitForExitWithin(5_000);
  }

  /** Synchronous SIGKILL for the forced-exit path; does not wait. */
  killNow(): void {
    this.expectExit = true;
    this.signal('SIGKILL');
  }

  /**
   * Polls the health URL until it answers 200. Fails fast with ChildExitedError when the process dies first,
   * and with a timeout error naming the process otherwise.
   */
  async waitHealthy(deadline: number, abort?: AbortSignal): Promise<void> {
    let lastProblem: string;
    for (;;) {
      if (abort?.aborted) throw abortError(abort);
      if (this.exitInfo) throw new ChildExitedError(this.spec.name, this.exitInfo, this.lastLines);
      try {
        const res = await httpGet(this.spec.healthUrl, 2_000);
        if (res.status === 200) {
          // The answer came from our process only if it is still alive (a stray server on the port would also
          // answer; ports are checked free before spawning, this catches the rest).
          if (this.exitInfo) throw new ChildExitedError(this.spec.name, this.exitInfo, this.lastLines);
          return;
        }
        lastProblem = `HTTP ${res.status}: ${res.body.slice(0, 200)}`;
      } catch (e) {
        if (e instanceof ChildExitedError) throw e;
        lastProblem = (e as Error).message;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${this.spec.name} did not become healthy in time (${this.spec.healthUrl}: ${lastProblem}). ` +
            `Last log lines of ${this.spec.name}:\n${this.lastLines.map((l) => `  ${l}`).join('\n')}`,
        );
      }
      await sleep(200);
    }
  }
}

export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error('Region start-up was aborted');
  err.name = 'AbortError';
  return err;
}
