import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { CssError, inputError, usageError } from '../errors.js';
import { parameterName, parseParameter } from '../estimate/parameters.js';
import { CONFIG_FILE_NAME, jsonPath, readConfigFile, suggestion, type ConfigFile } from './config-file.js';
import { CONFIG_ENV, Expected, PARAM_ENV_PREFIX, SETTINGS, paramNameFromEnv, type SettingDef } from './setting-defs.js';

/**
 * The settings layer: every setting's value and where it came from, by precedence
 *   flag > environment (CSS_ANALYZE_*) > config file > default.
 * Only this module reads CSS_ANALYZE_* variables and the config file. A flag counts only
 * when typed on the command line (commander's option source "cli"), so a flag's
 * built-in default never hides the config file.
 */
export type Origin = 'flag' | 'env' | 'config' | 'default';

export interface Setting<T = unknown> {
  value: T;
  origin: Origin;
  /** The flag, variable, or file and JSON path it came from; absent for defaults. */
  from?: string;
}

export interface ResolvedSettings {
  /** The config file read, or null. */
  configFile: string | null;
  /** The command's options with each setting replaced by its resolved value (for prepareInput, analysisOptions …). */
  flags: Record<string, unknown>;
  /** Settings the command uses, by name: printed by --verbose and recorded as the Analysis's `settings`. */
  settings: Record<string, Setting>;
  /** Estimate parameters from the config file, CSS_ANALYZE_PARAM_* and --param: pass to resolveParameters(values, origins). */
  parameters: { values: Record<string, unknown>; origins: Record<string, Origin> };
}

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /** Parameters given on the command line (estimate's --param name=value), already split. */
  parameterFlags?: Record<string, unknown>;
  /** Also record `parameters` in `settings` (commands that estimate). */
  usesParameters?: boolean;
}

const PERIOD_GROUP = ['period', 'from', 'to'];


function problem(def: { name: string; flagName?: string; env?: string }, origin: Origin, raw: unknown, err: Expected, file?: ConfigFile, path?: (string | number)[]): CssError {
  const shown = typeof raw === 'string' ? `"${raw}"` : JSON.stringify(raw);
  if (origin === 'config') {
    const where = jsonPath([...path!, ...(err.subPath ? err.subPath.split('.') : [])]);
    const text = err.subPath !== undefined ? `${where}: ${err.message}` : `${where} must be ${err.message}, got ${shown}`;
    return inputError(text, { file: file!.path }, 'See docs/config.md');
  }
  const who = origin === 'flag' ? def.flagName : `environment variable ${def.env}`;
  return usageError(err.subPath !== undefined ? `${who}: ${err.message}` : `${who} must be ${err.message}, got ${shown}`);
}

function parseWith(def: SettingDef, origin: Origin, raw: unknown, file?: ConfigFile): unknown {
  try {
    return def.parse(raw, file);
  } catch (err) {
    if (err instanceof Expected) throw problem(def, origin, raw, err, file, def.config);
    throw err;
  }
}

function configValue(file: ConfigFile | null, path: string[]): unknown {
  let v: unknown = file?.json;
  for (const k of path) v = v && typeof v === 'object' && Object.hasOwn(v, k) ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** Which config file applies: --config, else CSS_ANALYZE_CONFIG, else ./css-analyze.config.json when present. */
function locateConfig(flag: unknown, env: NodeJS.ProcessEnv): { path: string; origin: Origin } | null {
  if (typeof flag === 'string' && flag !== '') return { path: flag, origin: 'flag' };
  if (env[CONFIG_ENV]) return { path: env[CONFIG_ENV]!, origin: 'env' };
  return existsSync(CONFIG_FILE_NAME) ? { path: CONFIG_FILE_NAME, origin: 'default' } : null;
}

function hasOption(cmd: Command, attribute: string): boolean {
  return cmd.options.some((o) => o.attributeName() === attribute);
}

/**
 * Resolves the settings of a command about to run. Call it first thing in the action
 * (`async (files, flags, cmd) => { const s = resolveSettings(cmd); … }`); use `s.flags`
 * in place of the parsed flags.
 */
export function resolveSettings(cmd: Command, options: ResolveOptions = {}): ResolvedSettings {
  const env = options.env ?? process.env;
  const opts = cmd.opts() as Record<string, unknown>;
  const fromCli = (attr: string) => cmd.getOptionValueSource(attr) === 'cli';
  const located = locateConfig(fromCli('config') ? opts.config : undefined, env);
  const file = located ? readConfigFile(located.path) : null;

  const flags: Record<string, unknown> = { ...opts, config: file?.path };
  const settings: Record<string, Setting> = {};
  settings.config = located ? { value: located.path, origin: located.origin, ...(located.origin === 'env' ? { from: CONFIG_ENV } : {}) } : { value: null, origin: 'default' };

  // One layer decides the whole period (--period or --from/--to), so a flag's --from is not mixed with the file's period.
  const layerOf = (def: SettingDef): Origin | null =>
    fromCli(def.flag) ? 'flag' : env[def.env] !== undefined && env[def.env] !== '' ? 'env' : configValue(file, def.config) !== undefined ? 'config' : null;
  const rank: Record<Origin, number> = { flag: 3, env: 2, config: 1, default: 0 };
  const periodDefs = SETTINGS.filter((d) => PERIOD_GROUP.includes(d.name));
  const periodLayer = periodDefs.map(layerOf).reduce<Origin | null>((best, o) => (o && (!best || rank[o] > rank[best]) ? o : best), null);

  for (const def of SETTINGS) {
    let setting: Setting;
    const inPeriod = PERIOD_GROUP.includes(def.name);
    const layer = inPeriod ? periodLayer : layerOf(def);
    if (layer === 'flag' && fromCli(def.flag)) setting = { value: parseWith(def, 'flag', opts[def.flag]), origin: 'flag', from: def.flagName };
    else if (layer === 'env' && env[def.env]) setting = { value: parseWith(def, 'env', env[def.env]), origin: 'env', from: def.env };
    else if (layer === 'config' && configValue(file, def.config) !== undefined) {
      setting = { value: parseWith(def, 'config', configValue(file, def.config), file!), origin: 'config', from: `${file!.path} ${jsonPath(def.config)}` };
    } else setting = { value: inPeriod && layer ? undefined : opts[def.flag], origin: 'default' };
    flags[def.flag] = setting.value;
    if (hasOption(cmd, def.flag)) settings[def.name] = { ...setting, value: setting.value ?? null };
  }
  if (flags.period !== undefined && (flags.from !== undefined || flags.to !== undefined)) {
    throw usageError(`give a period (${settings.period?.from ?? 'period'}) or a date range (--from/--to), not both`);
  }

  const { parsed, ...parameters } = resolveParameterSettings(file, env, options.parameterFlags ?? {});
  if (options.usesParameters) {
    for (const name of Object.keys(parameters.values)) settings[`parameters.${name}`] = { value: parsed[name], origin: parameters.origins[name] };
  }
  warnUnknownVariables(env, !!opts.quiet);
  const resolved: ResolvedSettings = { configFile: file?.path ?? null, flags, settings, parameters };
  if (opts.verbose) process.stderr.write(describeSettings(resolved));
  return resolved;
}

/** `parsed`: each value as the estimate uses it (recorded in `settings`); `values` keeps what was given. */
function resolveParameterSettings(file: ConfigFile | null, env: NodeJS.ProcessEnv, flagValues: Record<string, unknown>): ResolvedSettings['parameters'] & { parsed: Record<string, unknown> } {
  const values: Record<string, unknown> = Object.create(null);
  const parsed: Record<string, unknown> = Object.create(null);
  const origins: Record<string, Origin> = Object.create(null);
  const set = (raw: string, value: unknown, origin: Origin, where: () => CssError) => {
    let name: string;
    try {
      name = parameterName(raw);
      parsed[name] = name === 'scenarios' ? value : parseParameter(name as Parameters<typeof parseParameter>[0], value);
    } catch (err) {
      if (err instanceof CssError) {
        const w = where();
        throw new CssError(w.kind, `${w.message}: ${err.message}`, w.place, err.hint);
      }
      throw err;
    }
    values[name] = value;
    origins[name] = origin;
  };
  const fileParams = configValue(file, ['parameters']) as Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(fileParams ?? {})) set(k, v, 'config', () => inputError(jsonPath(['parameters', k]), { file: file!.path }));
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith(PARAM_ENV_PREFIX) && v !== undefined && v !== '') set(paramNameFromEnv(k), v, 'env', () => usageError(`environment variable ${k}`));
  }
  for (const [k, v] of Object.entries(flagValues)) set(k, v, 'flag', () => usageError(`--param ${k}`));
  return { values: { ...values }, origins: { ...origins }, parsed: { ...parsed } };
}

function warnUnknownVariables(env: NodeJS.ProcessEnv, quiet: boolean): void {
  if (quiet) return;
  const known = [CONFIG_ENV, ...SETTINGS.map((d) => d.env)];
  // A misspelling is matched against each setting's variable, config name and flag, so TIMEZONE finds CSS_ANALYZE_TZ.
  const norm = (x: string) => x.toLowerCase().replace(/^css_analyze_|[^a-z0-9]/g, '');
  const aliases = new Map<string, string>([[norm(CONFIG_ENV), CONFIG_ENV], [norm('config'), CONFIG_ENV]]);
  for (const d of SETTINGS) for (const a of [d.env, d.name, d.flagName]) aliases.set(norm(a), d.env);
  for (const k of Object.keys(env).sort()) {
    if (!k.startsWith('CSS_ANALYZE_') || k.startsWith(PARAM_ENV_PREFIX) || known.includes(k)) continue;
    const exact = aliases.get(norm(k));
    const hint = exact ? ` (did you mean ${exact}?)` : suggestion(k, known);
    process.stderr.write(`warning: environment variable ${k} is not a css-analyze setting and was ignored${hint} (docs/config.md)\n`);
  }
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '(not set)';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'share' in value) return `${+((value as { share: number }).share * 100).toFixed(4)}% of rows`;
  if (typeof value === 'object' && 'count' in value) return `${(value as { count: number }).count} rows`;
  return JSON.stringify(value);
}

/** The resolved settings as --verbose prints them: name, value, origin. */
export function describeSettings(r: ResolvedSettings): string {
  const rows = Object.entries(r.settings).map(([name, s]) => [name, show(s.value), s.origin === 'default' ? 'default' : `${s.origin}: ${s.from ?? ''}`.trim()]);
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.min(48, Math.max(...rows.map((x) => x[1].length)));
  const lines = rows.map(([a, b, c]) => `  ${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
  return `css-analyze: settings (flag > environment > config file > default):\n${lines.join('\n')}\n`;
}

/** The `settings` section of the Analysis: name → { value, origin }. */
export function settingsSection(r: ResolvedSettings): Record<string, { value: unknown; origin: Origin }> {
  const out: Record<string, { value: unknown; origin: Origin }> = {};
  for (const name of Object.keys(r.settings).sort()) out[name] = { value: r.settings[name].value, origin: r.settings[name].origin };
  return out;
}
