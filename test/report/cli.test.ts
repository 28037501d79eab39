import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { printReportSummary } from '../../src/cli/commands/report-print.js';
import { createOutput } from '../../src/cli/output.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { listFiles, OUT, report, SMALL } from './helpers.js';

const rel = (p: string) => relative(ROOT, p);

describe('report command', () => {
  it('--out equal to the input file exits 2 and leaves the input untouched', async () => {
    mkdirSync(OUT, { recursive: true });
    const input = join(OUT, 'input-copy.csv');
    copyFileSync(join(ROOT, SMALL), input);
    const before = readFileSync(input);
    const r = await runCli(['report', rel(input), '--out', rel(input)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to overwrite the input file/);
    expect(readFileSync(input).equals(before)).toBe(true);
  });

  it('--out a directory that holds the input exits 2', async () => {
    const dir = join(OUT, 'holds-input');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(ROOT, SMALL), join(dir, 'calls.csv'));
    const r = await runCli(['report', rel(join(dir, 'calls.csv')), '--out', rel(dir)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/would replace the input file/);
    expect(readdirSync(dir)).toEqual(['calls.csv']);
  });

  it('refuses to replace a directory that is not a report, and replaces an earlier report whole', async () => {
    const dir = join(OUT, 'foreign');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const r = await runCli(['report', SMALL, '--out', rel(dir), '--format', 'md']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds files a report does not write \(notes\.txt\)/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);

    const { dir: earlier } = await report(SMALL, 'replace');
    expect(listFiles(earlier)).toContain('charts/heatmap.png');
    const again = await runCli(['report', SMALL, '--out', rel(earlier), '--format', 'md,json', '--quiet']);
    expect(again.code).toBe(0);
    expect(listFiles(earlier)).toEqual(['analysis.json', 'report.md']);
    expect(readFileSync(join(earlier, 'report.md'), 'utf8')).toMatch(/Figure omitted \(charts not written\)/);
    // No temporary or old siblings are left behind.
    expect(readdirSync(OUT).filter((n) => /\.(tmp|old)-/.test(n))).toEqual([]);
  });

  it('a failed run leaves no report directory and no temporary directory', async () => {
    const dir = join(OUT, 'failed');
    rmSync(dir, { recursive: true, force: true });
    const r = await runCli(['report', 'fixtures/bad/calls-unclosed-quote.csv', '--out', rel(dir)]);
    expect(r.code).toBe(2);
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(OUT).filter((n) => n.includes('failed'))).toEqual([]);
  });

  it('stdout carries data only: nothing when piped, the analysis JSON with --json', async () => {
    const dir = join(OUT, 'stdout');
    rmSync(dir, { recursive: true, force: true });
    const plain = await runCli(['report', SMALL, '--out', rel(dir), '--format', 'json']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toMatch(/wrote 1 files to/);
    const json = await runCli(['report', SMALL, '--out', rel(dir), '--format', 'json', '--json', '--quiet']);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    expect(json.stdout).toBe(readFileSync(join(dir, 'analysis.json'), 'utf8'));
    expect(JSON.parse(json.stdout).command).toBe('report');
  });

  it('--format chooses a subset; an unknown format is a usage error', async () => {
    const { dir } = await report(SMALL, 'subset', ['--format', 'csv,charts']);
    const files = listFiles(dir);
    expect(files.some((f) => f.startsWith('tables/'))).toBe(true);
    expect(files.filter((f) => f.startsWith('charts/')).length).toBe(24);
    expect(files).not.toContain('report.md');
    const bad = await runCli(['report', SMALL, '--out', rel(join(OUT, 'bad-format')), '--format', 'md,pdf']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format must list some of md, html, json, csv, charts, got "md,pdf"/);
  });

  it('renders a classify --json analysis (no estimate sections) by estimating it, without the CSV', async () => {
    const classify = await runCli(['classify', SMALL, '--json', '--quiet']);
    expect(classify.code).toBe(0);
    const file = join(OUT, 'classified.json');
    writeFileSync(file, classify.stdout);
    const { dir } = await report(rel(file), 'from-classify');
    const a = JSON.parse(readFileSync(join(dir, 'analysis.json'), 'utf8'));
    expect(Array.isArray(a.scenarios)).toBe(true);
    expect(a.command).toBe('report');
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/## Savings scenarios\n\nWhat diverting eligible calls/);
  });

  it('writes the period, comparison and before/after sections, and the terminal summary shows them', async () => {
    const { dir } = await report(SMALL, 'windows', ['--format', 'md,json', '--period', '2023-Q2', '--compare', 'previous', '--program-start', '2023-05-01']);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toMatch(/## Period and comparisons\n\nThis report covers period 2023-Q2: calls received from 2023-04-01 to 2023-06-30/);
    expect(md).toContain('### Compared with 2023-Q1 (the previous period)');
    expect(md).toMatch(/## Before and after the program\n\nEligible calls still handled by police before and after the program's first day, 2023-05-01 \(all hours and beats\)/);
    const a = JSON.parse(readFileSync(join(dir, 'analysis.json'), 'utf8'));
    // The summary is printed only on a terminal: rendered here in process, colour off.
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
    try {
      printReportSummary(createOutput({ colour: false, quiet: false }), a, 'report', ['report.md', 'analysis.json']);
    } finally {
      spy.mockRestore();
    }
    const text = printed.join('');
    expect(text).toMatch(/^Period 2023-Q2: 2023-04-01 to 2023-06-30 \(both included\)/);
    expect(text).toContain('Compared with 2023-Q1 (previous)');
    expect(text).toContain('Before and after 2023-05-01 (all hours and beats); calls per week');
    expect(text).toMatch(/Wrote report\/: report\.md, analysis\.json\n$/);
  });

  it('a period without comparisons gives a "Period" section only; none of them without a period', async () => {
    const { dir } = await report(SMALL, 'period-only', ['--format', 'md', '--from', '2023-03-01', '--to', '2023-03-31']);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('- [Period](#period)');
    expect(md).not.toContain('Compared with');
    expect(md).not.toContain('## Before and after');
    const { dir: plain } = await report(SMALL, 'no-period', ['--format', 'md']);
    expect(readFileSync(join(plain, 'report.md'), 'utf8')).not.toMatch(/## Period|## Before and after/);
  });
});
