import chalk, { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { writeStableJson } from '../util/json.js';

/**
 * Colour is decided once: --color/--no-color flag > NO_COLOR > FORCE_COLOR > TTY.
 * chalk alone ignores NO_COLOR, and cli-table3 colours borders even when piped,
 * so both are driven from this one decision.
 */
export function decideColour(stream: NodeJS.WriteStream, flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return !!stream.isTTY;
}

export interface Output {
  colour: boolean;
  c: ChalkInstance;
  /** Data: tables, JSON, CSV. */
  out(text: string): void;
  /** A JSON value on stdout, streamed in pieces (an Analysis can be megabytes). */
  json(value: unknown): void;
  /** Messages: warnings, progress, notes (suppressed by --quiet except errors). */
  note(text: string): void;
  warn(text: string): void;
  table(head: string[], rows: (string | number)[][], align?: ('left' | 'right')[]): string;
  /** A two-column label/value table without a header row. */
  pairs(rows: [string, string][]): string;
}

export function createOutput(options: { colour: boolean; quiet: boolean }): Output {
  const c = options.colour ? new Chalk({ level: chalk.level || 1 }) : new Chalk({ level: 0 });
  return {
    colour: options.colour,
    c,
    out: (text) => {
      process.stdout.write(text.endsWith('\n') ? text : text + '\n');
    },
    json: (value) => writeStableJson(value, (chunk) => process.stdout.write(chunk)),
    note: (text) => {
      if (!options.quiet) process.stderr.write(text + '\n');
    },
    warn: (text) => {
      if (!options.quiet) process.stderr.write(`${c.yellow('warning:')} ${text}\n`);
    },
    table: (head, rows, align) => {
      const table = new Table({
        head: head.map((h) => c.bold(h)),
        style: options.colour ? { head: [], border: ['grey'] } : { head: [], border: [] },
        ...(align ? { colAligns: align } : {}),
      });
      for (const row of rows) table.push(row.map(String));
      return table.toString();
    },
    pairs: (rows) => {
      const table = new Table({ style: options.colour ? { head: [], border: ['grey'] } : { head: [], border: [] } });
      for (const [k, v] of rows) table.push([c.bold(k), v]);
      return table.toString();
    },
  };
}

export function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatPct(share: number, digits = 1): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(digits)}%` : '—';
}

export function formatNumber(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—';
}
