import { Command, CommanderError } from 'commander';
import { CssError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { COMMANDS } from './commands/index.js';
import { removeTempOutputs } from '../util/temp-outputs.js';

/** Exit codes for a run stopped by a signal, as a shell reports them (128 + signal number). */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

/** The signal that is stopping the run, once one has arrived. */
let stopping: NodeJS.Signals | undefined;
/** Long enough for a thread-pool open/mkdir under way at the signal to complete. */
const EXIT_SETTLE_MS = 25;

/**
 * Ctrl-C or SIGTERM: one line, no stack trace, temporary outputs removed (so no half-written
 * file or report directory is left), exit 130 or 143. The exit waits a moment so other
 * listeners (e.g. report's own clean-up) run and any file-system call already in flight
 * finishes; the second removal then catches a path that call recreated.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = signal;
  removeTempOutputs();
  process.stderr.write(`css-analyze: ${signal === 'SIGINT' ? 'interrupted' : 'terminated'}\n`);
  setTimeout(() => {
    removeTempOutputs(); // one opened or recreated just before the signal
    process.exit(SIGNAL_EXIT[signal]);
  }, EXIT_SETTLE_MS);
}

/** Set by --debug anywhere on the command line, so even early errors show their stack. */
function wantsDebug(argv: string[]): boolean {
  return argv.includes('--debug');
}

/**
 * Runs the CLI and returns the exit code: 0 ok, 1 a check failed, 2 usage or input
 * error. Every error becomes one line on stderr; --debug adds the stack.
 */
export async function main(argv: string[]): Promise<number> {
  // `| head` closes stdout early: that is success, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  for (const signal of Object.keys(SIGNAL_EXIT) as NodeJS.Signals[]) process.on(signal, onSignal);
  const program = new Command('css-analyze')
    .description('Analyse 911 / CAD calls-for-service exports: which calls could go to community responders, how much officer time they take, and what diverting them would save.')
    .version(TOOL_VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s.replace(/^error: /, 'css-analyze: ')) });
  for (const register of COMMANDS) register(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return (process.exitCode as number | undefined) ?? 0;
  } catch (err) {
    // After Ctrl-C the run's own failures (its temporary output removed under it) are
    // expected: the one line already printed says what happened.
    if (stopping) return SIGNAL_EXIT[stopping]!;
    return reportError(err, wantsDebug(argv));
  }
}

export function reportError(err: unknown, debug: boolean): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    return 2;
  }
  if (err instanceof CssError) {
    process.stderr.write(`css-analyze: ${err.format()}\n`);
    if (debug) process.stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`css-analyze: internal error: ${message.split('\n')[0]} (run again with --debug for details, and please report it)\n`);
  if (debug && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return 2;
}
