import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { READING_COMMANDS } from '../helpers/commands.js';
import { runSandboxed } from '../helpers/sandbox.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'css-process-'));
const env = () => ({ ...process.env, NO_COLOR: '1', TZ: 'UTC', FORCE_COLOR: undefined }) as NodeJS.ProcessEnv;

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Like `css-analyze … | head -c 1`: the reader closes the pipe after the first chunk. */
function closeAfterFirstChunk(args: string[]): Promise<Outcome & { bytes: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let stderr = '';
    child.stdout.once('data', (d: Buffer) => {
      bytes = d.length;
      child.stdout.destroy();
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, bytes }));
  });
}

/** True when process `pid` has `path` open (Linux /proc; elsewhere: after two seconds). */
function hasOpen(pid: number, path: string, since: number): boolean {
  const fds = `/proc/${pid}/fd`;
  if (!existsSync('/proc/self/fd')) return Date.now() - since > 2000;
  try {
    return readdirSync(fds).some((fd) => {
      try {
        return readlinkSync(join(fds, fd)) === path;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** Starts the CLI, sends `signal` once `ready(pid)` holds (polled), and reports how it ended. */
function interruptWhen(args: string[], ready: (pid: number) => boolean, signal: NodeJS.Signals = 'SIGINT'): Promise<Outcome & { sent: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: env(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d) => (stderr += d));
    const poll = setInterval(() => {
      if (!sent && child.pid !== undefined && ready(child.pid)) {
        sent = true;
        child.kill(signal);
      }
    }, 20);
    child.on('error', reject);
    child.on('close', (code, sig) => {
      clearInterval(poll);
      resolve({ code, signal: sig, stderr, sent });
    });
  });
}

let dir: string;
let large: string;
let manyTypes: string;

beforeAll(async () => {
  dir = tempDir();
  large = join(dir, 'large.csv');
  const generated = await runCli(['generate', '--rows', '300000', '--seed', '3', '--out', large]);
  expect(generated.code).toBe(0);
  // 2,000 distinct call types, so every output is far larger than a pipe's buffer.
  manyTypes = join(dir, 'many-types.csv');
  const rows = Array.from({ length: 2_000 }, (_, i) => `${i},CALL TYPE NUMBER ${i},2024-07-01 08:00:00,2024-07-01 08:30:00`);
  writeFileSync(manyTypes, ['incident_number,call_type,received_time,cleared_time', ...rows].join('\n') + '\n');
}, 120_000);

describe('| head (EPIPE) exits 0 quietly', () => {
  it.each([
    ['inspect --json', () => ['inspect', manyTypes, '--json', '--top', '2000', '--tz', 'UTC']],
    ['classify --json', () => ['classify', manyTypes, '--json', '--tz', 'UTC']],
    ['classify (tables)', () => ['classify', manyTypes, '--top', '2000', '--tz', 'UTC']],
    ['generate', () => ['generate', '--rows', '200000']],
  ])('%s', async (_name, args) => {
    const r = await closeAfterFirstChunk(args());
    expect(r.bytes).toBeGreaterThan(0);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
  });
});

describe('Ctrl-C stops cleanly: one line, exit 130, no output or temporary file left', () => {
  it('classify --out --rejects, interrupted while writing both', async () => {
    const out = tempDir();
    const r = await interruptWhen(
      ['classify', large, '--out', join(out, 'classified.csv'), '--skip-bad-rows', '--rejects', join(out, 'rejects.csv')],
      () => readdirSync(out).some((n) => n.startsWith('classified.csv.tmp-')),
    );
    expect(r.sent).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stderr.split('\n').filter((l) => !l.startsWith('warning:'))).toEqual(['css-analyze: interrupted', '']);
    expect(readdirSync(out)).toEqual([]);
  });

  it('generate --out, interrupted while writing', async () => {
    const out = tempDir();
    const r = await interruptWhen(['generate', '--rows', '5000000', '--out', join(out, 'big.csv')], () => readdirSync(out).length > 0);
    expect(r.sent).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('css-analyze: interrupted\n');
    expect(readdirSync(out)).toEqual([]);
  });

  for (const command of READING_COMMANDS) {
    it(`${command.name}, interrupted while reading`, async () => {
      const out = tempDir();
      const started = Date.now();
      const r = await interruptWhen([...command.args(out), large, '--quiet'], (pid) => hasOpen(pid, large, started));
      expect(r.sent).toBe(true);
      expect(r.code).toBe(130);
      expect(r.stderr).toBe('css-analyze: interrupted\n');
      expect(readdirSync(out)).toEqual([]);
    });
  }

  it('report, interrupted while writing its directory: no report and no temporary directory', async () => {
    const out = tempDir();
    const r = await interruptWhen(['report', large, '--out', join(out, 'report'), '--quiet'], () => readdirSync(out).some((n) => n.includes('.tmp-')));
    // The directory is written in well under a second; if the poll missed it, nothing was interrupted.
    if (!r.sent) return;
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('css-analyze: interrupted\n');
    expect(readdirSync(out)).toEqual([]);
  });

  it('SIGTERM (a CI timeout) cleans up the same way, exit 143', async () => {
    const out = tempDir();
    const r = await interruptWhen(['classify', large, '--out', join(out, 'classified.csv')], () => readdirSync(out).length > 0, 'SIGTERM');
    expect(r.code).toBe(143);
    expect(r.stderr.split('\n').filter((l) => !l.startsWith('warning:'))).toEqual(['css-analyze: terminated', '']);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('no network access at run time', () => {
  const SAMPLE = 'fixtures/hostile/calls-xss.csv';

  it('every command, with sockets, DNS, http(s), fetch and UDP blocked and recorded', async () => {
    const out = tempDir();
    const analysis = join(out, 'analysis.json');
    const tz = ['--tz', 'UTC'];
    const runs: string[][] = [
      ['inspect', SAMPLE, ...tz],
      ['classify', SAMPLE, '--out', join(out, 'classified.csv'), ...tz],
      ['classify', SAMPLE, '--json', ...tz],
      ['estimate', SAMPLE, ...tz],
      // Every format: HTML, Markdown, JSON, CSV tables and charts (Vega renders SVG and PNG).
      ['report', SAMPLE, '--out', join(out, 'report'), ...tz],
      ['report', join(out, 'report', 'analysis.json'), '--out', join(out, 'report-again'), '--format', 'html'],
      ['estimate', analysis],
      ['merge', analysis, analysis, '--out', join(out, 'merged.json')],
      ['generate', '--rows', '100', '--out', join(out, 'generated.csv')],
      ['taxonomy', 'init', SAMPLE, '--out', join(out, 'taxonomy.json'), ...tz],
      ['taxonomy', 'validate', join(out, 'taxonomy.json')],
      ['taxonomy', 'show', 'default'],
      ['taxonomy', 'explain', 'WELFARE CHECK'],
    ];
    for (const args of runs) {
      const r = await runSandboxed([...args, '--quiet']);
      if (args.includes('--json')) writeFileSync(analysis, r.stdout);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
      expect({ args, network: r.network }).toEqual({ args, network: [] });
    }
    expect(existsSync(join(out, 'report', 'report.html'))).toBe(true);
  });
});
