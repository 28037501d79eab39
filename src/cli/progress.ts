/**
 * A one-line progress indicator on stderr, only when stderr is a terminal (never in
 * CI logs or pipes). Redraws at most every 200 ms.
 */
export function createProgress(enabled: boolean, label: string): { update(bytes: number, total?: number): void; done(): void } {
  if (!enabled) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  return {
    update(bytes, total) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      const mb = (bytes / 1e6).toFixed(0);
      const pct = total ? ` ${Math.min(100, (bytes / total) * 100).toFixed(0)}%` : '';
      process.stderr.write(`\r${label}: ${mb} MB read${pct}\x1b[K`);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
