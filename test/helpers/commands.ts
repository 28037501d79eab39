import { join } from 'node:path';

/** A command that reads an export, as the bad-input, limits and process tests run it. */
export interface ReadingCommand {
  name: string;
  /** Arguments before the input file; `dir` is an empty temporary directory for outputs. */
  args(dir: string): string[];
  /** What the command writes into `dir`, which must not exist after a failed run. */
  output?(dir: string): string;
  /** How its --json output counts rows: the analysis/inspect `input` block, or only accepted calls. */
  json: 'input' | 'calls';
}

/** Every command that reads an export. When another one does (e.g. `taxonomy init`), add it here. */
export const READING_COMMANDS: ReadingCommand[] = [
  { name: 'inspect', args: () => ['inspect'], json: 'input' },
  { name: 'classify', args: (dir) => ['classify', '--out', join(dir, 'classified.csv')], output: (dir) => join(dir, 'classified.csv'), json: 'input' },
  { name: 'estimate', args: () => ['estimate'], json: 'input' },
  { name: 'report', args: (dir) => ['report', '--out', join(dir, 'report'), '--format', 'md,csv'], output: (dir) => join(dir, 'report'), json: 'input' },
  // Its --json has no `input` block, only the calls read.
  { name: 'taxonomy init', args: (dir) => ['taxonomy', 'init', '--out', join(dir, 'taxonomy.json')], output: (dir) => join(dir, 'taxonomy.json'), json: 'calls' },
];
