import { closeSync, mkdtempSync, openSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { READING_COMMANDS } from '../helpers/commands.js';
import { runSandboxed } from '../helpers/sandbox.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'css-limits-'));
const SMALL = 'fixtures/bad/calls-mixed-line-endings.csv';
const MiB = 1 << 20;

/** One line, exit 2, no stack trace, and Object.prototype untouched (checked inside the CLI's process). */
function expectOneLineError(r: Awaited<ReturnType<typeof runSandboxed>>, message: RegExp): void {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^css-analyze: /);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.exit?.polluted).toBe(false);
}

describe('a 50 MB field (generated, never committed)', () => {
  let dir: string;
  let file: string;
  let baselineRss: number;

  beforeAll(async () => {
    dir = tempDir();
    file = join(dir, 'calls-50mb-field.csv');
    const fd = openSync(file, 'w');
    writeSync(fd, 'incident_number,call_type,priority,received_time,cleared_time,notes\n');
    writeSync(fd, '24-0001,WELFARE CHECK,3,2024-07-01 08:00:00,2024-07-01 08:40:00,"');
    const chunk = Buffer.alloc(MiB, 'x');
    for (let i = 0; i < 50; i++) writeSync(fd, chunk);
    writeSync(fd, '"\n24-0002,TRAFFIC STOP,4,2024-07-01 09:15:00,2024-07-01 09:30:00,short\n');
    closeSync(fd);
    baselineRss = (await runSandboxed(['inspect', SMALL, '--tz', 'UTC'])).exit!.maxRssBytes;
  });

  for (const command of READING_COMMANDS) {
    it(`${command.name}: --max-record-bytes 1048576 stops at once with one line, in bounded memory`, async () => {
      const out = tempDir();
      const started = Date.now();
      const r = await runSandboxed([...command.args(out), file, '--tz', 'UTC', '--max-record-bytes', '1048576']);
      expectOneLineError(r, /calls-50mb-field\.csv:2: record starting on line 2 is larger than 1 MiB .*raise the limit with --max-record-bytes/);
      expect(Date.now() - started).toBeLessThan(20_000);
      // Reading the whole field would add at least 50 MiB.
      expect(r.exit!.maxRssBytes - baselineRss).toBeLessThan(40 * MiB);
      expect(readdirSync(out)).toEqual([]);
    });

    it(`${command.name}: read with the default limit (64 MiB)`, async () => {
      const r = await runSandboxed([...command.args(tempDir()), file, '--tz', 'UTC', '--json', '--quiet']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout);
      if (command.json === 'input') expect(json.input).toMatchObject({ rowsRead: 2, rowsAccepted: 2, rowsRejected: 0 });
      else expect(json.calls).toBe(2);
    });
  }
});

describe('a beat column of many distinct values (grid cells, addresses)', () => {
  it('classify keeps memory proportional to the cells that occur, not 24 KB per beat', async () => {
    const dir = tempDir();
    const csv = join(dir, 'many-beats.csv');
    const rows = Array.from({ length: 40_000 }, (_, i) => `${i},WELFARE CHECK,${i % 5},B${i},2024-07-01 ${String(i % 24).padStart(2, '0')}:00:00`);
    writeFileSync(csv, ['incident_number,call_type,priority,beat,received_time', ...rows].join('\n') + '\n');
    const baseline = (await runSandboxed(['classify', SMALL, '--tz', 'UTC', '--json', '--quiet'])).exit!.maxRssBytes;
    const r = await runSandboxed(['classify', csv, '--tz', 'UTC', '--json', '--quiet']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a.totals.calls).toBe(40_000);
    expect(a.beats).toHaveLength(40_000);
    // About 120 MB here; a dense block per (beat, priority), 24 KB each, took about 1.5 GB.
    expect(r.exit!.maxRssBytes - baseline).toBeLessThan(400 * MiB);
  }, 60_000);
});

describe('hostile patterns cannot hang a run', () => {
  it('a catastrophic taxonomy pattern is refused at load, before any row is read', async () => {
    const started = Date.now();
    const r = await runSandboxed(['classify', SMALL, '--taxonomy', 'fixtures/taxonomy/invalid-catastrophic-pattern.json', '--tz', 'UTC']);
    expectOneLineError(r, /invalid-catastrophic-pattern\.json: rules\[1\]\.match\.pattern: "\(a\+\)\+\$" repeats a group/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a catastrophic officerCallTypePattern in a mapping file is refused (it hung the run on "aaa…a!")', async () => {
    const dir = tempDir();
    const mapping = join(dir, 'map.json');
    writeFileSync(mapping, JSON.stringify({ fields: { id: 'incident_number', callType: 'call_type', received: 'received_time' }, source: { officerCallTypePattern: '(a+)+$' } }));
    const csv = join(dir, 'calls.csv');
    writeFileSync(csv, `incident_number,call_type,received_time\n1,${'a'.repeat(40)}!,2024-07-01 08:00:00\n`);
    const r = await runSandboxed(['inspect', csv, '--mapping', mapping, '--tz', 'UTC']);
    expectOneLineError(r, /map\.json: source\.officerCallTypePattern: "\(a\+\)\+\$" repeats a group/);
  });

  it('a taxonomy pattern at the checker\'s limits classifies 100 distinct 300-character call types in seconds', async () => {
    const dir = tempDir();
    const taxonomy = join(dir, 'limits.json');
    writeFileSync(
      taxonomy,
      JSON.stringify({
        name: 'at the limits',
        version: '1',
        categories: [{ id: 'c', label: 'c', response: 'police', rationale: 'test' }],
        rules: [{ category: 'c', match: { pattern: '(?:\\w*\\w*x|\\w*\\w*y)' } }],
      }),
    );
    const csv = join(dir, 'calls.csv');
    const rows = Array.from({ length: 100 }, (_, i) => `${i},${String(i).padStart(3, '0')}${'A'.repeat(297)},2024-07-01 08:00:00`);
    writeFileSync(csv, ['incident_number,call_type,received_time', ...rows].join('\n') + '\n');
    const started = Date.now();
    const r = await runSandboxed(['classify', csv, '--taxonomy', taxonomy, '--tz', 'UTC', '--json', '--quiet']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totals.calls).toBe(100);
    // About 100 ms per distinct type on a busy two-core machine (each is tested once, memoised).
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});

describe('keys __proto__, constructor and prototype cannot alter objects', () => {
  const hostile = (dir: string, name: string, json: string) => {
    const path = join(dir, name);
    writeFileSync(path, json);
    return path;
  };

  it.each([
    ['config: top-level __proto__', 'config', '{"__proto__": {"polluted": true}, "timeZone": "UTC"}', /\$\.__proto__: the key "__proto__" is not allowed/],
    ['config: constructor.prototype inside mapping', 'config', '{"mapping": {"fields": {"callType": "call_type", "received": "received_time", "constructor": {"prototype": {"polluted": true}}}}}', /the key "constructor" is not allowed/],
    ['config: prototype inside parameters', 'config', '{"parameters": {"prototype": {"polluted": true}}}', /the key "prototype" is not allowed/],
    ['mapping: top-level __proto__', 'mapping', '{"fields": {"callType": "call_type", "received": "received_time"}, "__proto__": {"polluted": true}}', /__proto__: unknown key/],
    ['mapping: __proto__ as a field', 'mapping', '{"fields": {"callType": "call_type", "received": "received_time", "__proto__": {"polluted": true}}}', /fields\.__proto__: unknown Call field/],
    ['mapping: constructor in source', 'mapping', '{"fields": {"callType": "call_type", "received": "received_time"}, "source": {"constructor": {"prototype": {"polluted": true}}}}', /source\.constructor: unknown key/],
    ['taxonomy: __proto__ at the top, in a category and in a match', 'taxonomy', null, /__proto__: unknown key "__proto__"/],
  ])('%s: exit 2, one line, Object.prototype untouched', async (_name, kind, json, message) => {
    const dir = tempDir();
    const flag =
      kind === 'taxonomy'
        ? ['--taxonomy', 'fixtures/taxonomy/invalid-proto-keys.json']
        : kind === 'config'
          ? ['--config', hostile(dir, 'css-analyze.config.json', json!)]
          : ['--mapping', hostile(dir, 'map.json', json!)];
    const r = await runSandboxed(['classify', SMALL, '--tz', 'UTC', ...flag]);
    expectOneLineError(r, message);
  });

  it.each([
    [['--param', '__proto__=1'], /unknown parameter "__proto__"/],
    [['--param', 'constructor=1'], /unknown parameter "constructor"/],
    [['--scenario', 'pilot:__proto__=0.1'], /unknown field "__proto__"/],
  ])('estimate %j is an unknown name, not silently ignored', async (args, message) => {
    const r = await runSandboxed(['estimate', SMALL, '--tz', 'UTC', ...args]);
    expectOneLineError(r, message);
  });
});
