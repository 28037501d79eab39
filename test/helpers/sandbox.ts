import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, type CliResult } from './cli.js';

const PRELOAD = fileURLToPath(new URL('./sandbox.cjs', import.meta.url));

export type SandboxEvent =
  | { event: 'loaded' }
  | { event: 'network'; what: string; target: string }
  | { event: 'exit'; code: number; maxRssBytes: number; polluted: boolean };

export interface SandboxResult extends CliResult {
  events: SandboxEvent[];
  /** Network attempts the CLI made (each was refused). */
  network: { what: string; target: string }[];
  /** The exit record (absent when the process was killed by a signal). */
  exit?: { code: number; maxRssBytes: number; polluted: boolean };
}

/**
 * Runs the CLI with test/helpers/sandbox.cjs preloaded: networking blocked and recorded,
 * peak memory and Object.prototype checked at exit.
 */
export async function runSandboxed(args: string[], options: Parameters<typeof runCli>[1] = {}): Promise<SandboxResult> {
  const log = join(mkdtempSync(join(tmpdir(), 'css-sandbox-')), 'events.jsonl');
  const result = await runCli(args, {
    ...options,
    env: { ...options.env, NODE_OPTIONS: `--require ${JSON.stringify(PRELOAD)}`, CSS_SANDBOX_LOG: log },
  });
  const events: SandboxEvent[] = existsSync(log)
    ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as SandboxEvent)
    : [];
  if (!events.some((e) => e.event === 'loaded')) throw new Error(`the sandbox preload did not run: ${result.stderr}`);
  const network = events.flatMap((e) => (e.event === 'network' ? [{ what: e.what, target: e.target }] : []));
  const exit = events.find((e): e is Extract<SandboxEvent, { event: 'exit' }> => e.event === 'exit');
  return { ...result, events, network, exit };
}
