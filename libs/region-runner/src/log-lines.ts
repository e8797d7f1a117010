/**
 * Line-oriented log plumbing for child processes: output arrives in arbitrary chunks, the launcher wants whole
 * lines, each prefixed with the process name (`[taizhou] ...`) and, on a terminal, coloured per process.
 */

/** Splits a stream of text chunks into lines. `\r\n` and `\n` both end a line; a trailing partial line waits. */
export class LineSplitter {
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    const text = this.pending + chunk;
    const parts = text.split('\n');
    // The last element is the (possibly empty) unterminated tail.
    this.pending = parts.pop() ?? '';
    for (const part of parts) this.onLine(part.endsWith('\r') ? part.slice(0, -1) : part);
  }

  /** Emits what is left (a last line without a newline), e.g. when the stream ends. */
  flush(): void {
    if (this.pending.length > 0) {
      const rest = this.pending;
      this.pending = '';
      this.onLine(rest.endsWith('\r') ? rest.slice(0, -1) : rest);
    }
  }
}

/** Keeps the last `capacity` lines, for error reports ("last 20 lines of taizhou"). */
export class RingBuffer {
  private readonly items: string[] = [];

  constructor(private readonly capacity: number) {}

  push(item: string): void {
    this.items.push(item);
    if (this.items.length > this.capacity) this.items.shift();
  }

  toArray(): string[] {
    return [...this.items];
  }

  clear(): void {
    this.items.length = 0;
  }
}

// Foreground colours that read well on dark and light terminals; red is kept for errors.
const PALETTE = [36, 32, 33, 35, 34, 96, 92, 93, 95, 94];

/**
 * Builds the prefix for a process's lines: `[name]` padded to `width` so columns line up;
 * with `color` the name gets an ANSI colour chosen by `index`.
 */
export function linePrefix(name: string, width: number, index: number, color: boolean): string {
  const label = `[${name}]`.padEnd(width + 2);
  if (!color) return label;
  const code = PALETTE[index % PALETTE.length];
  return `\u001b[${code}m${label}\u001b[0m`;
}

/** Removes ANSI escape sequences, e.g. before matching log text or storing it for an error report. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '');
}
