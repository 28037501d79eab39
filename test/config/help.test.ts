import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/**
 * The common options behave identically everywhere (STYLE.md): every command that has one
 * shows it in its --help with the same flag, wording and default. Parsed from the built
 * CLI's --help, so what is checked is what a user reads.
 */
const COMMANDS: Record<string, string[]> = {
  inspect: ['inspect'],
  classify: ['classify'],
  estimate: ['estimate'],
  report: ['report'],
  'taxonomy init': ['taxonomy', 'init'],
  merge: ['merge'],
};

const INPUT = ['--delimiter', '--encoding', '--tz', '--mapping', '--preset', '--datetime-format', '--code-list', '--skip-bad-rows', '--rejects', '--reader', '--max-record-bytes', '--sheet', '--header-row'];
const SETTINGS = ['--config', '--verbose'];
const OUTPUT = ['--json', '--quiet', '--debug', '--color', '--no-color'];
const GATES = ['--min-coverage', '--max-rejected', '--max-imputed'];
const ANALYSIS = ['--taxonomy', '--time-basis', '--cap-minutes', '--fallback-minutes', '--timestamp', '--period', '--from', '--to', '--compare', '--program-start', '--program-hours', '--program-beats', ...GATES];

/** Which groups each command must show (merge reads analysis JSON only: no export options, and of the analysis options only the gates). */
const GROUPS: Record<string, string[][]> = {
  inspect: [INPUT, SETTINGS, OUTPUT],
  classify: [INPUT, SETTINGS, OUTPUT, ANALYSIS],
  estimate: [INPUT, SETTINGS, OUTPUT, ANALYSIS],
  report: [INPUT, SETTINGS, OUTPUT, ANALYSIS],
  'taxonomy init': [INPUT, SETTINGS, OUTPUT],
  merge: [SETTINGS, OUTPUT, GATES],
};

interface HelpOption {
  /** e.g. "-d, --delimiter <char>". */
  term: string;
  /** The description with its default and choices, line breaks folded. */
  description: string;
}

/** The Options: block of a commander --help, by long flag. */
function parseOptions(help: string): Map<string, HelpOption> {
  const lines = help.split('\n');
  const start = lines.indexOf('Options:');
  const options = new Map<string, HelpOption>();
  let current: HelpOption | null = null;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || !line.startsWith(' ')) break;
    const m = /^ {2}(-\S.*?)(?: {2,}(.*))?$/.exec(line);
    if (m) {
      current = { term: m[1].trim(), description: (m[2] ?? '').trim() };
      const long = /--[\w-]+/.exec(current.term)![0];
      options.set(long, current);
    } else if (current) current.description = `${current.description} ${line.trim()}`.trim();
  }
  return options;
}

const help = new Map<string, Map<string, HelpOption>>();

beforeAll(async () => {
  await Promise.all(
    Object.entries(COMMANDS).map(async ([name, args]) => {
      const r = await runCli([...args, '--help']);
      expect(r.code, `${name} --help`).toBe(0);
      help.set(name, parseOptions(r.stdout));
    }),
  );
}, 60_000);

describe('common options in every command\'s --help', () => {
  it('the parser reads each option with its description', () => {
    const tz = help.get('inspect')!.get('--tz')!;
    expect(tz.term).toBe('--tz <zone>');
    expect(tz.description).toBe("agency time zone, an IANA name such as America/New_York (default: the preset's, else UTC)");
    expect(help.get('inspect')!.get('--reader')!.description).toMatch(/\(choices: "fast", "csv-parse", default: "fast"\)$/);
  });

  for (const [name, groups] of Object.entries(GROUPS)) {
    it(`${name}: every common option present, worded and defaulted as in classify`, () => {
      const reference = help.get('classify')!;
      const mine = help.get(name)!;
      for (const flag of groups.flat()) {
        expect(mine.get(flag), `${name} ${flag}`).toBeDefined();
        // taxonomy init's --taxonomy is the base it extends; the rest of its text is the common one.
        const expected = name === 'taxonomy init' && flag === '--taxonomy' ? `base to extend: ${reference.get(flag)!.description}` : reference.get(flag)!.description;
        expect(mine.get(flag), `${name} ${flag}`).toEqual({ term: reference.get(flag)!.term, description: expected });
      }
    });
  }

  it('taxonomy init has --taxonomy too, worded as the common one', () => {
    expect(help.get('taxonomy init')!.get('--taxonomy')!.description).toBe(`base to extend: ${help.get('classify')!.get('--taxonomy')!.description}`);
  });

  it('report accepts exactly the options of estimate, with the same wording, plus --out and --format', () => {
    const estimate = help.get('estimate')!;
    const report = help.get('report')!;
    for (const [flag, option] of estimate) expect(report.get(flag), `report ${flag}`).toEqual(option);
    expect([...report.keys()].filter((f) => !estimate.has(f)).sort()).toEqual(['--format', '--out']);
    for (const flag of ['--cost-per-call', '--cost-per-officer-hour', '--alt-cost-per-call', '--scenario', '--service-hours', '--target-answer-share', '--target-wait-minutes', '--officers-on-duty', '--param']) {
      expect(report.has(flag), flag).toBe(true);
    }
  });
});
