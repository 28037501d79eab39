import type { Command } from 'commander';
import { registerInspect } from './inspect.js';
import { registerGenerate } from './generate.js';

/** Every subcommand, one file each. Adding a command = one file + one line here. */
export const COMMANDS: ((program: Command) => void)[] = [registerInspect, registerGenerate];
