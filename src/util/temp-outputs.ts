import { rmSync } from 'node:fs';

/**
 * Temporary outputs (files and directories) that exist right now, before their rename into
 * place. The CLI removes them when the run is interrupted (Ctrl-C, SIGTERM), so no
 * half-written `*.tmp-*` is ever left behind.
 */
const live = new Set<string>();
/** Synchronous repairs to run after the removal, e.g. putting a replaced report back. */
const repairs = new Set<() => void>();

/** Records a temporary path; call the returned function once it is renamed or removed. */
export function trackTempOutput(path: string): () => void {
  live.add(path);
  return () => {
    live.delete(path);
  };
}

/** Records a repair for an interrupted run; call the returned function once it is no longer needed. */
export function onInterruptRepair(repair: () => void): () => void {
  repairs.add(repair);
  return () => {
    repairs.delete(repair);
  };
}

/**
 * Removes every temporary output still recorded (synchronously: it runs in a signal handler).
 * The paths stay recorded until their writer lets go of them: a file-system call already in
 * flight when the signal came (an open or mkdir on libuv's thread pool) can recreate a path
 * just removed, so the CLI calls this again right before exiting and must still know it.
 */
export function removeTempOutputs(): void {
  for (const path of live) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // Best effort: the process is exiting, and another path may still be removable.
    }
  }
  for (const repair of repairs) {
    try {
      repair();
    } catch {
      // Best effort, as above.
    }
  }
}
