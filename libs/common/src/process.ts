/**
 * When started by the launcher (which sets YPF_EXIT_WITH_PARENT), a child exits as soon as its stdin pipe closes,
 * i.e. when the launcher dies, so a killed launcher never leaves orphan nodes behind.
 */
export function exitWithParent(enabled: boolean, shutdown: () => Promise<void> | void): void {
  if (!enabled) return;
  process.stdin.on('error', () => undefined);
  process.stdin.on('close', () => {
    void Promise.resolve(shutdown()).finally(() => process.exit(0));
  });
  process.stdin.resume();
}
