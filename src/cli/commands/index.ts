import type { Command } from 'commander';
import { registerInspect } from './inspect.js';
import { registerGenerate } from './generate.js';
import { registerClassify } from './classify.js';
import { registerMerge } from './merge.js';
import { registerEstimate } from './estimate.js';
import { registerReport } from './report.js';
import { registerTaxonomy } from './taxonomy.js';

/** Every subcommand, one file each. Adding a command = one file + one line here. */
export const COMMANDS: ((program: Command) => void)[] = [
  registerInspect,
  registerClassify,
  registerTaxonomy,
  registerEstimate,
  registerReport,
  registerGenerate,
  registerMerge,
];
