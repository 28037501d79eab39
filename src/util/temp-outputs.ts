import { rmSync } from 'node:fs';

/**
 * Temporary outputs (files and directories) that exist right now, before their rename into
 * place. The CLI removes them when the run is interrupted (Ctrl-C, SIGTERM), so no
 * half-written `*.tmp-*` is ever left behind.
 */
const live = new Set<string>();

/** Records a temporary path; call the returned function once it is renamed or removed. */
export function trackTempOutput(path: string): () => void {
  live.add(path);
  return () => {
    live.delete(path);
  };
}

/** Removes every temporary output still recorded (synchronously: it runs in a signal handler). */
export function removeTempOutputs(): void {
  for (const path of live) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // Best effort: the process is exiting, and another path may still be removable.
    }
  }
  live.clear();
}
