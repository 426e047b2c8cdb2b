/** Entry point of a benchmark script or child process: exit 0 when `main` resolves, else print the stack and exit 1. */
export function runMain(label: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`${label}: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
