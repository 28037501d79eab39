import type { CallSource } from '../call.js';
import type { SourceRule } from './types.js';

/**
 * The default reading of a call-source column when a preset or mapping file does not
 * say: explicit officer markers are officer-initiated, public channels are
 * citizen-initiated, anything else (radio, CAD-to-CAD, "not captured") is unknown.
 */
export const GENERIC_SOURCE_RULE: SourceRule = {
  officer: ['OFFICER*', 'SELF*', 'ONVIEW', 'ON VIEW', 'ON-VIEW', 'FIELD INITIATED', 'FIELD-INITIATED', 'OFFICER INITIATED', 'PROACTIVE'],
  citizen: ['911*', 'E-911', 'E911', 'PHONE*', 'TELEPHONE*', 'TEXT*', 'WALK*', 'CITIZEN*', 'ALARM*', 'NON-EMERGENCY*', 'NON EMERGENCY*', '10-DIGIT', '7-DIGIT', 'ONLINE', 'WEB', 'EMAIL', 'IN PERSON', 'LOBBY'],
  officerCallTypePattern: 'ONVIEW|ON VIEW|ON-VIEW|OFFICER INITIATED|SELF INITIATED|SELF-INITIATED',
};

/** Yes/no columns such as New Orleans' SelfInitiated or Detroit's officerinitiated. */
export const BOOLEAN_SOURCE_RULE: SourceRule = {
  officer: ['Y', 'YES', 'TRUE', '1', 'T'],
  citizen: ['N', 'NO', 'FALSE', '0', 'F'],
};

export interface CompiledSourceRule {
  fromColumn(value: string): CallSource;
  officerCallType: RegExp | null;
}

function matcher(values: string[] | undefined): (v: string) => boolean {
  if (!values) return () => false;
  const exact = new Set(values.filter((v) => !v.endsWith('*')).map((v) => v.toUpperCase()));
  const prefixes = values.filter((v) => v.endsWith('*')).map((v) => v.slice(0, -1).toUpperCase());
  return (v) => exact.has(v) || prefixes.some((p) => v.startsWith(p));
}

export function compileSourceRule(rule: SourceRule): CompiledSourceRule {
  const isOfficer = matcher(rule.officer);
  const isCitizen = rule.citizen ? matcher(rule.citizen) : () => true;
  // Few distinct source values exist, so memoising keeps the per-row cost a Map lookup.
  const memo = new Map<string, CallSource>();
  return {
    fromColumn(value: string): CallSource {
      let found = memo.get(value);
      if (found === undefined) {
        const v = value.trim().toUpperCase();
        found = v === '' ? 'unknown' : isOfficer(v) ? 'officer' : isCitizen(v) ? 'citizen' : 'unknown';
        if (memo.size < 10_000) memo.set(value, found);
      }
      return found;
    },
    officerCallType: rule.officerCallTypePattern ? new RegExp(rule.officerCallTypePattern, 'i') : null,
  };
}
