import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { analyze, chooseTaxonomy } from '../../analyze.js';
import {
  CallTypeTally,
  checkTaxonomy,
  compileTaxonomy,
  describeTaxonomy,
  explainCallType,
  issuesError,
  loadTaxonomy,
  starterTaxonomy,
  taxonomyCounts,
} from '../../classify/index.js';
import { didYouMean } from '../../classify/suggest.js';
import { inputError, usageError } from '../../errors.js';
import type { CallSource } from '../../ingest/call.js';
import { PRESETS } from '../../ingest/schema/presets.js';
import type { ResolvedMapping } from '../../ingest/schema/resolve.js';
import { assertNotInput, writeFileAtomic } from '../../util/atomic-write.js';
import { stableJson } from '../../util/json.js';
import { addCommonOptions, addInputOptions, addSettingsOptions, outputFor, prepareInput, type InputFlags } from '../input-options.js';
import { analysisOptions, type AnalysisFlags } from '../analysis-options.js';
import { resolveSettings } from '../settings.js';
import { printExplanation, printInitSummary, printProblems, printTaxonomy, validSummary } from './taxonomy-print.js';

interface CommonFlags {
  json?: boolean;
  quiet?: boolean;
  color?: boolean;
}

interface InitFlags extends InputFlags, AnalysisFlags {
  out?: string;
  force?: boolean;
  name?: string;
  top: number;
}

interface ExplainFlags extends CommonFlags {
  code?: string;
  priority?: string;
  source: CallSource;
  disposition?: string;
  initial?: boolean;
  taxonomy?: string;
  preset?: string;
}

const TAXONOMY_OPTION = "taxonomy file or built-in name (default: default, plus the preset's city map when the export matches a preset)";

export function registerTaxonomy(program: Command): void {
  const cmd = program
    .command('taxonomy')
    .summary('validate, show, start and explain taxonomies: the rules that sort call types into response levels')
    .description(
      'Works with taxonomy files (docs/taxonomy.md): validate one, show its categories by response level, write a starter overlay for an export, or explain which rule classifies a call type and why.',
    )
    .addHelpText(
      'after',
      `
Examples:
  css-analyze taxonomy validate my-city.json
  css-analyze taxonomy show presets/alexandria-va
  css-analyze taxonomy init calls.csv --out my-city.json
  css-analyze taxonomy explain "WELFARE CHECK"`,
    );
  registerValidate(cmd);
  registerShow(cmd);
  registerInit(cmd);
  registerExplain(cmd);
}

function registerValidate(parent: Command): void {
  addCommonOptions(
    parent
      .command('validate')
      .summary('check a taxonomy file and list every problem')
      .description(
        'Checks a taxonomy file and every file it extends, and lists every problem (not just the first) with its file, line and JSON path; exits 2 when there is any, 0 with a one-line summary when there is none.',
      )
      .argument('<file>', 'taxonomy .json file, or a built-in name such as default or presets/san-diego-pd'),
  )
    .addHelpText(
      'after',
      `
Examples:
  css-analyze taxonomy validate my-city.json
  css-analyze taxonomy validate my-city.json --json
  css-analyze taxonomy validate presets/san-diego-pd`,
    )
    .action((file: string, flags: CommonFlags) => {
      const out = outputFor(flags);
      const { taxonomy, issues } = checkTaxonomy(file, { lines: true });
      if (taxonomy) {
        const counts = taxonomyCounts(taxonomy, compileTaxonomy(taxonomy).shareRules.length);
        const json = { valid: true, file, taxonomy: { name: taxonomy.name, version: taxonomy.version }, counts, problems: [] };
        out.out(flags.json ? stableJson(json) : validSummary(file, taxonomy, counts));
        return;
      }
      const problems = issues.map((i) => ({ file: i.file, path: i.path, line: i.line ?? null, message: i.message }));
      if (flags.json) out.out(stableJson({ valid: false, file, taxonomy: null, counts: null, problems }));
      // A file that cannot be found or parsed is one error, said once.
      else if (issues.length === 1 && issues[0].path === '') throw issuesError(issues);
      else printProblems(out, problems);
      const n = problems.length;
      throw inputError(`is not a valid taxonomy: ${n} problem${n === 1 ? '' : 's'}`, { file }, 'Fix them and run "css-analyze taxonomy validate" again');
    });
}

function registerShow(parent: Command): void {
  addCommonOptions(
    parent
      .command('show')
      .summary('show a taxonomy: categories by response level, rationale, sources, share rules')
      .description(
        'Shows a taxonomy\'s categories grouped by response level, each with its label, rationale, sources (title and URL) and number of rules, then its share rules, which reports print as assumptions.',
      )
      .argument('[file|name]', 'taxonomy .json file or built-in name', 'default'),
  )
    .addHelpText(
      'after',
      `
Examples:
  css-analyze taxonomy show
  css-analyze taxonomy show presets/alexandria-va
  css-analyze taxonomy show my-city.json --json`,
    )
    .action((name: string, flags: CommonFlags) => {
      const out = outputFor(flags);
      const report = describeTaxonomy(compileTaxonomy(loadTaxonomy(name)));
      if (flags.json) out.out(stableJson(report));
      else printTaxonomy(out, report);
    });
}

function registerInit(parent: Command): void {
  const cmd = parent
    .command('init')
    .summary('write a starter taxonomy for an export: what the rules decided, and the call types left to decide')
    .description(
      'Reads an export and writes a starter overlay for its call types: it extends the taxonomy the export would be classified with, restates what those rules decided as exact rules grouped by category, and lists the unmatched call types under "todo", ranked by calls.',
    )
    .argument('<exports...>', 'CSV export(s), .csv.gz, or - for standard input');
  addSettingsOptions(addInputOptions(cmd))
    .option('-o, --out <file>', 'the taxonomy file to write (required; - for standard output)')
    .option('--force', 'replace --out when it exists (default: refuse)')
    .option('--name <name>', 'the taxonomy\'s name (default: the --out file name without .json)')
    .option('--taxonomy <file|name>', `base to extend: ${TAXONOMY_OPTION}`)
    .option('--top <n>', 'unmatched call types to list on screen', (v) => Number(v), 10)
    .addHelpText(
      'after',
      `
Examples:
  css-analyze taxonomy init calls.csv --out my-city.json
  css-analyze taxonomy init jan.csv feb.csv --mapping my-city-mapping.json --out my-city.json
  css-analyze taxonomy init calls.csv --taxonomy presets/san-diego-pd --out my-city.json --force
  css-analyze classify calls.csv --taxonomy my-city.json   # then use it`,
    )
    .action(async (files: string[], _flags: InitFlags, command: Command) => {
      const flags = resolveSettings(command).flags as unknown as InitFlags;
      const out = outputFor(flags);
      const target = flags.out;
      if (!target) throw usageError('name the taxonomy file to write with --out', 'For example --out my-city.json, or --out - for standard output');
      if (target === '-' && flags.json) throw usageError('--json and --out - would both print JSON on standard output', 'Write the taxonomy to a file with --out');
      const input = await prepareInput(files, flags);
      if (target !== '-') {
        assertNotInput(target, input.paths);
        if (!flags.force && existsSync(target)) throw usageError(`${target} already exists; refusing to overwrite it`, 'Choose another --out, or add --force to replace it');
      }
      const tally = new CallTypeTally();
      let ok = false;
      try {
        // The same options as classify (officer time, period from a config file), so todo matches its unmatched list.
        const result = await analyze(input.paths, { ...input.load, ...analysisOptions(flags, 'taxonomy init'), onCall: (call) => tally.add(call) });
        ok = true;
        const base = chooseTaxonomy(flags.taxonomy, result.files[0].mapping);
        if (target !== '-' && result.classifier.taxonomy.layers.some((l) => existsSync(l.file) && resolve(l.file) === resolve(target))) {
          throw usageError(`--out ${target} is a taxonomy the new file would extend`, 'Choose another --out');
        }
        const starter = starterTaxonomy({
          base,
          taxonomy: result.classifier.taxonomy,
          tally,
          // Hours only when the export's times measure them; otherwise they are 0 and not an estimate.
          unmatched: result.analysis.unmatched.map((u) => (result.analysis.officerTime.measurable ? u : { ...u, officerHours: undefined })),
          name: flags.name ?? (target === '-' ? 'starter taxonomy' : basename(target).replace(/\.json$/i, '')),
          outDir: target === '-' ? '.' : dirname(target),
          exports: input.paths.map((p) => (p === '-' ? 'standard input' : basename(p))),
        });
        for (const w of result.analysis.warnings) out.warn(w);
        if (target === '-') out.out(stableJson(starter.file));
        else await writeFileAtomic(target, stableJson(starter.file));
        const summary = {
          out: target,
          extends: starter.file.extends as string,
          calls: result.analysis.totals.calls,
          callTypes: starter.callTypes,
          prefilled: starter.prefilled,
          todo: starter.todo,
          leftToBase: starter.leftToBase,
        };
        if (flags.json) out.out(stableJson(summary));
        else printInitSummary(out, summary, starter.file.todo as { callType: string; code?: string; calls: number }[], flags.top, target === '-');
      } finally {
        await input.finish(ok);
      }
    });
}

function registerExplain(parent: Command): void {
  addSettingsOptions(
    addCommonOptions(
      parent
        .command('explain')
        .summary('show which rule classifies a call type, and why')
        .description(
          'Shows which rule classifies a call type and why: the rule\'s file and JSON path, the match key and value that hit, the category and response level, its share if any, and the earlier rules that matched but whose narrowing (priority, source, disposition, field) did not hold.',
        )
        .argument('<call-type>', 'the call type as the export writes it (quote it)')
        .option('--code <code>', 'the call-type code, when the export has one beside the text (default: none)')
        .option('--priority <priority>', 'the call\'s priority (default: blank)')
        .addOption(new Option('--source <source>', 'who initiated the call').choices(['citizen', 'officer', 'unknown']).default('unknown'))
        .option('--disposition <disposition>', 'the call\'s disposition (default: blank)')
        .option('--initial', 'explain the initial call type, with the rules that apply to it (default: the final type)')
        .option('--taxonomy <file|name>', 'taxonomy file or built-in name (default: default, or the --preset\'s city map)')
        .option('--preset <name>', 'use this preset\'s city map on top of the default (see inspect --list-presets)'),
    ),
  )
    .addHelpText(
      'after',
      `
Examples:
  css-analyze taxonomy explain "WELFARE CHECK"
  css-analyze taxonomy explain "DISTURBANCE" --priority 1 --source citizen --taxonomy my-city.json
  css-analyze taxonomy explain "415" --preset san-diego-pd --disposition DUP
  css-analyze taxonomy explain "Check on person" --initial --json`,
    )
    .action((callType: string, _flags: ExplainFlags, command: Command) => {
      const flags = resolveSettings(command).flags as unknown as ExplainFlags;
      const out = outputFor(flags);
      let mapping: ResolvedMapping | undefined;
      if (flags.preset) {
        const preset = PRESETS.find((p) => p.name === flags.preset);
        if (!preset) {
          const names = PRESETS.map((p) => p.name);
          throw usageError(`unknown preset "${flags.preset}"${didYouMean(flags.preset, names)}`, `Use one of ${names.join(', ')}`);
        }
        mapping = { taxonomy: preset.taxonomy ?? null } as ResolvedMapping;
      }
      const classifier = compileTaxonomy(loadTaxonomy(chooseTaxonomy(flags.taxonomy, mapping)));
      const report = explainCallType(classifier, callType, {
        code: flags.code,
        priority: flags.priority,
        source: flags.source,
        disposition: flags.disposition,
        pass: flags.initial ? 'initial' : 'final',
      });
      if (flags.json) out.out(stableJson(report));
      else printExplanation(out, report);
    });
}
