import type { Command } from 'commander';
import { generateCalls } from '../../generate/generate.js';
import { usageError } from '../../errors.js';
import { openAtomicStream } from '../../util/atomic-write.js';
import { addCommonOptions } from '../input-options.js';

interface GenerateFlags {
  tz?: string;
  rows: number;
  seed: number;
  start?: string;
  out?: string;
}

function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw usageError(`${flag} must be a whole number, got "${value}"`);
    return n;
  };
}

export function registerGenerate(program: Command): void {
  const cmd = program
    .command('generate')
    .summary('write a synthetic, Durham-style export (for demos, tests and benchmarks)')
    .description(
      'Writes a deterministic, realistic synthetic calls-for-service export in a Durham-style layout (about 330,000 calls a year). The same --rows and --seed always give the same bytes. See docs/generate.md.',
    )
    .option('-n, --rows <n>', 'number of calls', positiveInt('--rows'), 10_000)
    .option('--seed <n>', 'random seed', positiveInt('--seed'), 1)
    .option('--start <date>', 'first day, YYYY-MM-DD (local time)', '2017-10-01')
    .option('--tz <zone>', 'time zone of the local timestamps written (IANA name)', 'America/New_York')
    .option('-o, --out <file>', 'write to this file instead of standard output');
  addCommonOptions(cmd)
    .addHelpText(
      'after',
      `
Examples:
  css-analyze generate --rows 1000 --seed 7 > sample.csv
  css-analyze generate --rows 1000000 --out big.csv`,
    )
    .action(async (flags: GenerateFlags) => {
      if (flags.start && !/^\d{4}-\d{2}-\d{2}$/.test(flags.start)) throw usageError(`--start must be YYYY-MM-DD, got "${flags.start}"`);
      const options = { rows: flags.rows, seed: flags.seed, start: flags.start, timeZone: flags.tz };
      if (!flags.out) {
        await generateCalls(options, (chunk) => {
          if (!process.stdout.write(chunk)) return new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
        });
        return;
      }
      const file = await openAtomicStream(flags.out);
      try {
        await generateCalls(options, (chunk) => file.write(chunk));
        await file.commit();
      } catch (err) {
        await file.abort();
        throw err;
      }
    });
}
