/**
 * JSON for outputs that must be byte-identical between runs: two-space indent, a
 * trailing newline, non-finite numbers as null. Key order is the order objects were
 * built in, which the builders keep fixed; maps built from data are sorted before
 * they get here.
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}
