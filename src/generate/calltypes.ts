/**
 * The synthetic call-type table: ~120 US CAD call types with their share of all calls and
 * how each behaves (priority, who starts it, time on scene, units, outcome, when it happens).
 *
 * Shares are synthetic but calibrated: Durham's nine quality-of-life / behavioural-health
 * types (WELCK, TRESP, MHC, SUICT, INTOX, PANH, INDEC, ASSTP, FOLLOW) make ≈ 15% of
 * resident-initiated calls, as in Durham Community Safety's Nov/Dec 2021 update
 * (~18,710 of ~128,790 DPD calls from residents per year). See docs/generate.md.
 */

/** Where the non-officer-initiated share of a type comes from (see SOURCE_MIX in profiles.ts). */
export type SourceProfile = 'S' | 'E' | 'G' | 'R' | 'A' | 'H';
/** Outcome profile (see DISPOSITION_MIX in profiles.ts). */
export type DispositionProfile = 'T' | 'P' | 'Q' | 'S' | 'A' | 'R' | 'V' | 'D' | 'H' | 'C' | 'M' | 'W';
/** Hour-of-week shape: Flat, Day/business, Night, Traffic stops, Patrol, Rush hour, Alarms. */
export type TimeProfile = 'F' | 'D' | 'N' | 'T' | 'P' | 'R' | 'A';
/** Month shape: Flat, Summer, Winter, fireworks (X). */
export type SeasonProfile = 'F' | 'S' | 'W' | 'X';

export interface CallType {
  code: string;
  nature: string;
  /** Share of all calls, percent (before time-of-week and season shaping). */
  weight: number;
  /** Usual priority, 1 (emergency) to 4. */
  priority: number;
  /** Share of this type's calls that officers start themselves (0..1). */
  selfInitiated: number;
  source: SourceProfile;
  /** Median time on scene (arrived → cleared), minutes. */
  sceneMinutes: number;
  /** Units profile: 1 usually one unit, 2 often two, 3 violent (two to four). */
  units: 1 | 2 | 3;
  disposition: DispositionProfile;
  time: TimeProfile;
  season: SeasonProfile;
}

type Row = [string, string, number, number, number, SourceProfile, number, 1 | 2 | 3, DispositionProfile, string];

// code, nature, weight %, priority, self-initiated share, source, scene min, units, disposition, time+season
const ROWS: Row[] = [
  // Officer-initiated work
  ['TSTOP', 'TRAFFIC STOP', 14.0, 4, 1, 'S', 12, 1, 'T', 'TF'],
  ['DPAT', 'DIRECTED PATROL', 3.8, 4, 1, 'S', 25, 1, 'P', 'PF'],
  ['BCHK', 'BUSINESS CHECK', 3.4, 4, 1, 'S', 8, 1, 'P', 'PF'],
  ['PSTOP', 'SUBJECT STOP', 1.2, 3, 1, 'S', 15, 1, 'T', 'NF'],
  ['FPAT', 'FOOT PATROL', 0.9, 4, 1, 'S', 30, 1, 'P', 'DS'],
  ['TENF', 'TRAFFIC ENFORCEMENT', 0.9, 4, 1, 'S', 45, 1, 'T', 'TF'],
  ['COMPOL', 'COMMUNITY POLICING', 0.7, 4, 1, 'S', 30, 1, 'P', 'DF'],
  ['WARR', 'WARRANT SERVICE', 0.6, 3, 1, 'S', 40, 2, 'W', 'DF'],
  ['TRANS', 'PRISONER TRANSPORT', 0.4, 3, 1, 'S', 45, 1, 'W', 'FF'],
  ['TCTL', 'TRAFFIC CONTROL', 0.2, 4, 1, 'S', 60, 1, 'P', 'RF'],
  ['DETAIL', 'SPECIAL DETAIL/EVENT', 0.2, 4, 1, 'S', 120, 1, 'P', 'FS'],
  ['CPROC', 'CIVIL PROCESS', 0.15, 4, 1, 'S', 20, 1, 'C', 'DF'],
  ['PURS', 'VEHICLE PURSUIT', 0.02, 1, 1, 'S', 30, 3, 'W', 'NF'],
  ['AMOT', 'ASSIST MOTORIST', 0.5, 4, 0.6, 'G', 15, 1, 'C', 'TW'],
  ['HCHK', 'HOUSE CHECK', 0.4, 4, 0.7, 'G', 10, 1, 'P', 'PS'],
  ['AOA', 'ASSIST OTHER AGENCY', 0.8, 3, 0.5, 'G', 35, 2, 'C', 'FF'],
  // Durham's nine quality-of-life / behavioural-health types
  ['WELCK', 'WELFARE CHECK', 2.79, 3, 0, 'G', 35, 2, 'Q', 'FF'],
  ['TRESP', 'TRESPASS/UNWANTED', 2.34, 3, 0, 'G', 30, 2, 'Q', 'FF'],
  ['MHC', 'MENTAL HEALTH CRISIS', 0.95, 2, 0, 'E', 75, 2, 'Q', 'FF'],
  ['SUICT', 'SUICIDE THREAT', 0.56, 2, 0, 'E', 70, 2, 'Q', 'NF'],
  ['INTOX', 'INTOXICATED PERSON', 0.47, 3, 0, 'G', 30, 1, 'Q', 'NF'],
  ['PANH', 'PANHANDLING/SOLICITATION', 0.3, 4, 0, 'G', 15, 1, 'Q', 'DS'],
  ['INDEC', 'INDECENCY', 0.27, 3, 0, 'G', 20, 1, 'Q', 'FS'],
  ['ASSTP', 'ASSIST PERSON', 0.9, 3, 0, 'G', 30, 1, 'C', 'FF'],
  ['FOLLOW', 'FOLLOW UP', 1.53, 4, 0.5, 'R', 40, 1, 'C', 'DF'],
  // Alarms
  ['ALRMI', 'ALARM - INTRUSION', 3.0, 3, 0, 'A', 10, 2, 'A', 'AF'],
  ['ALRMC', 'ALARM, COMMERCIAL', 1.5, 3, 0, 'A', 10, 2, 'A', 'AF'],
  ['ALRMR', 'ALARM, RESIDENTIAL', 1.2, 3, 0, 'A', 10, 2, 'A', 'DF'],
  ['ALRMP', 'ALARM - PANIC/HOLDUP', 0.35, 1, 0, 'A', 15, 3, 'A', 'DF'],
  ['ALRMV', 'ALARM - VEHICLE', 0.1, 4, 0, 'G', 8, 1, 'A', 'NF'],
  // Suspicious
  ['SUSPP', 'SUSPICIOUS PERSON', 3.0, 3, 0.1, 'G', 18, 2, 'S', 'NF'],
  ['SUSPV', 'SUSPICIOUS VEHICLE', 2.6, 3, 0.35, 'G', 15, 1, 'S', 'NF'],
  ['SUSPA', 'SUSPICIOUS ACTIVITY', 1.2, 3, 0, 'G', 20, 2, 'S', 'NF'],
  ['PROWL', 'PROWLER', 0.1, 2, 0, 'E', 20, 2, 'S', 'NF'],
  ['PEEP', 'PEEPING TOM', 0.02, 2, 0, 'E', 20, 2, 'S', 'NF'],
  ['LOIT', 'LOITERING', 0.3, 4, 0.2, 'G', 15, 1, 'Q', 'NS'],
  ['OPEND', 'OPEN DOOR/WINDOW', 0.3, 3, 0.3, 'G', 20, 2, 'S', 'PF'],
  ['SUSPK', 'SUSPICIOUS PACKAGE', 0.03, 2, 0, 'E', 60, 3, 'S', 'DF'],
  ['BOMB', 'BOMB THREAT', 0.01, 1, 0, 'E', 90, 3, 'S', 'DF'],
  // Disturbances and noise
  ['DISTV', 'DISTURBANCE - VERBAL', 2.4, 3, 0, 'G', 25, 2, 'D', 'NS'],
  ['DISTP', 'DISTURBANCE - PHYSICAL', 0.8, 2, 0, 'E', 35, 3, 'D', 'NS'],
  ['DISTJ', 'DISTURBANCE - JUVENILES', 0.45, 3, 0, 'G', 20, 2, 'D', 'NS'],
  ['DISORD', 'DISORDERLY CONDUCT', 0.3, 3, 0, 'G', 25, 2, 'D', 'NS'],
  ['NEIGH', 'NEIGHBOR DISPUTE', 0.3, 4, 0, 'G', 25, 1, 'C', 'DS'],
  ['NOISE', 'NOISE COMPLAINT', 2.1, 4, 0, 'G', 12, 1, 'Q', 'NS'],
  ['PARTY', 'LOUD PARTY', 0.45, 4, 0, 'G', 15, 2, 'Q', 'NS'],
  ['FWORK', 'FIREWORKS', 0.3, 4, 0, 'G', 10, 1, 'S', 'NX'],
  // Domestic
  ['DOMD', 'DOMESTIC DISTURBANCE', 2.0, 2, 0, 'E', 45, 2, 'D', 'NF'],
  ['DOMA', 'DOMESTIC ASSAULT', 0.6, 1, 0, 'E', 90, 3, 'V', 'NF'],
  ['DVPO', 'PROTECTIVE ORDER VIOLATION', 0.2, 2, 0, 'G', 45, 2, 'V', 'FF'],
  ['CUST', 'CHILD CUSTODY DISPUTE', 0.2, 3, 0, 'G', 40, 1, 'C', 'FF'],
  ['KEEPP', 'KEEP THE PEACE', 0.4, 3, 0, 'G', 40, 2, 'C', 'DF'],
  // Violence and weapons
  ['ASLT', 'ASSAULT', 0.8, 2, 0, 'E', 90, 2, 'V', 'NS'],
  ['ASLTW', 'ASSAULT WITH DEADLY WEAPON', 0.25, 1, 0, 'E', 120, 3, 'V', 'NS'],
  ['SHOTS', 'SHOTS FIRED', 1.0, 1, 0, 'E', 30, 3, 'S', 'NS'],
  ['SHOOT', 'SHOOTING', 0.1, 1, 0, 'E', 180, 3, 'V', 'NS'],
  ['STAB', 'STABBING/CUTTING', 0.05, 1, 0, 'E', 150, 3, 'V', 'NF'],
  ['PWGUN', 'PERSON WITH A GUN', 0.22, 1, 0, 'E', 30, 3, 'S', 'NF'],
  ['PWWEAP', 'PERSON WITH A WEAPON', 0.15, 1, 0, 'E', 35, 3, 'S', 'NF'],
  ['ROB', 'ROBBERY', 0.22, 1, 0, 'E', 90, 3, 'V', 'NF'],
  ['ROBA', 'ARMED ROBBERY', 0.15, 1, 0, 'E', 120, 3, 'V', 'NF'],
  ['CARJ', 'CARJACKING', 0.03, 1, 0, 'E', 120, 3, 'V', 'NF'],
  ['HINV', 'HOME INVASION', 0.02, 1, 0, 'E', 150, 3, 'V', 'NF'],
  ['KIDN', 'KIDNAPPING/ABDUCTION', 0.02, 1, 0, 'E', 150, 3, 'V', 'FF'],
  ['SAST', 'SEXUAL ASSAULT', 0.1, 2, 0, 'E', 120, 2, 'V', 'FF'],
  ['THREAT', 'THREATS', 0.8, 3, 0, 'G', 35, 1, 'D', 'FF'],
  ['HARAS', 'HARASSMENT', 0.6, 3, 0, 'G', 30, 1, 'D', 'FF'],
  ['STALK', 'STALKING', 0.05, 3, 0, 'R', 40, 1, 'R', 'FF'],
  ['CHABU', 'CHILD ABUSE/NEGLECT', 0.1, 2, 0, 'R', 75, 1, 'R', 'DF'],
  ['ELDAB', 'ELDER ABUSE', 0.03, 3, 0, 'R', 60, 1, 'R', 'DF'],
  // Medical, death, crisis
  ['OVERD', 'OVERDOSE', 0.3, 1, 0, 'E', 40, 2, 'C', 'FF'],
  ['PDOWN', 'PERSON DOWN', 0.25, 2, 0, 'E', 20, 1, 'C', 'FF'],
  ['MEDA', 'MEDICAL ASSIST', 0.8, 2, 0, 'E', 25, 1, 'C', 'FF'],
  ['SUICA', 'SUICIDE ATTEMPT', 0.08, 1, 0, 'E', 90, 2, 'C', 'NF'],
  ['IVC', 'INVOLUNTARY COMMITMENT', 0.3, 3, 0, 'R', 90, 2, 'C', 'DF'],
  ['DEATH', 'DEATH INVESTIGATION', 0.12, 2, 0, 'E', 150, 2, 'R', 'FF'],
  ['AFD', 'ASSIST FIRE DEPARTMENT', 0.3, 2, 0, 'E', 40, 1, 'C', 'FF'],
  ['FIRE', 'FIRE', 0.12, 2, 0, 'E', 45, 1, 'C', 'FW'],
  // Property
  ['LARR', 'LARCENY REPORT', 2.2, 4, 0, 'R', 45, 1, 'R', 'DS'],
  ['LARIP', 'LARCENY IN PROGRESS', 0.4, 2, 0, 'E', 40, 2, 'V', 'DF'],
  ['SHOPL', 'SHOPLIFTING', 0.8, 3, 0, 'G', 50, 1, 'V', 'DW'],
  ['GASDO', 'GAS DRIVE-OFF', 0.15, 4, 0, 'R', 20, 1, 'R', 'DF'],
  ['BURGR', 'BURGLARY - RESIDENTIAL', 0.6, 3, 0, 'R', 60, 2, 'R', 'DS'],
  ['BURGC', 'BURGLARY - COMMERCIAL', 0.25, 3, 0, 'R', 60, 2, 'R', 'DF'],
  ['BURGIP', 'BURGLARY IN PROGRESS', 0.1, 1, 0, 'E', 40, 3, 'V', 'NF'],
  ['BEA', 'BREAKING AND ENTERING, AUTO', 0.6, 4, 0, 'R', 35, 1, 'R', 'DS'],
  ['STOLV', 'STOLEN VEHICLE', 0.5, 3, 0, 'R', 40, 1, 'R', 'FF'],
  ['RECOV', 'RECOVERED STOLEN VEHICLE', 0.15, 4, 0.3, 'G', 45, 1, 'R', 'FF'],
  ['VAND', 'VANDALISM/DAMAGE TO PROPERTY', 1.0, 4, 0, 'R', 30, 1, 'R', 'FS'],
  ['GRAF', 'GRAFFITI', 0.08, 4, 0, 'R', 20, 1, 'R', 'DF'],
  ['FRAUD', 'FRAUD/FORGERY', 0.6, 4, 0, 'R', 40, 1, 'R', 'DF'],
  ['IDTH', 'IDENTITY THEFT', 0.2, 4, 0, 'R', 35, 1, 'R', 'DF'],
  ['CNTF', 'COUNTERFEIT MONEY', 0.05, 3, 0, 'R', 40, 1, 'R', 'DF'],
  ['EMBZ', 'EMBEZZLEMENT', 0.03, 4, 0, 'R', 45, 1, 'R', 'DF'],
  ['LOSTP', 'LOST PROPERTY', 0.2, 4, 0, 'R', 15, 1, 'C', 'DF'],
  ['FOUNDP', 'FOUND PROPERTY', 0.3, 4, 0.2, 'G', 20, 1, 'C', 'DF'],
  ['DUMP', 'ILLEGAL DUMPING', 0.1, 4, 0, 'G', 20, 1, 'C', 'DS'],
  // Traffic
  ['MVC', 'MVC - NO INJURY', 2.3, 3, 0.05, 'G', 60, 1, 'M', 'RW'],
  ['MVCI', 'MVC - INJURY', 0.5, 1, 0, 'E', 75, 2, 'M', 'RF'],
  ['MVCU', 'MVC - UNKNOWN INJURY', 0.25, 2, 0, 'E', 55, 2, 'M', 'RF'],
  ['MVCHR', 'MVC - HIT AND RUN', 0.6, 3, 0, 'G', 50, 1, 'M', 'RF'],
  ['MVCHRI', 'MVC - HIT AND RUN WITH INJURY', 0.05, 1, 0, 'E', 90, 2, 'M', 'RF'],
  ['MVCPED', 'MVC - PEDESTRIAN STRUCK', 0.06, 1, 0, 'E', 120, 3, 'M', 'NF'],
  ['THAZ', 'TRAFFIC HAZARD', 0.8, 3, 0.3, 'G', 20, 1, 'C', 'RW'],
  ['DISAB', 'DISABLED VEHICLE', 0.9, 4, 0.4, 'G', 20, 1, 'C', 'RW'],
  ['RECKL', 'RECKLESS DRIVER', 0.6, 3, 0, 'E', 10, 1, 'S', 'TF'],
  ['DWI', 'DWI/IMPAIRED DRIVER', 0.35, 2, 0.5, 'E', 90, 1, 'W', 'NF'],
  ['ROADR', 'ROAD RAGE', 0.15, 2, 0, 'E', 25, 1, 'S', 'RF'],
  ['TCOMP', 'TRAFFIC COMPLAINT', 0.3, 4, 0, 'G', 15, 1, 'S', 'TF'],
  ['TSIG', 'TRAFFIC SIGNAL MALFUNCTION', 0.1, 3, 0, 'G', 30, 1, 'C', 'RW'],
  ['WIRES', 'WIRES DOWN', 0.05, 3, 0, 'G', 30, 1, 'C', 'FW'],
  ['PARK', 'PARKING COMPLAINT', 1.3, 4, 0.2, 'G', 15, 1, 'T', 'DF'],
  ['ABAND', 'ABANDONED VEHICLE', 0.35, 4, 0, 'G', 20, 1, 'C', 'DF'],
  ['TOW', 'TOWED VEHICLE', 0.25, 4, 0, 'R', 10, 1, 'C', 'FF'],
  ['REPO', 'REPOSSESSION', 0.1, 4, 0, 'R', 5, 1, 'C', 'NF'],
  ['LOCK', 'VEHICLE LOCKOUT', 0.1, 4, 0, 'G', 15, 1, 'C', 'FS'],
  ['ESCRT', 'ESCORT', 0.15, 4, 0.3, 'G', 30, 1, 'C', 'DF'],
  // 911 line
  ['911HU', '911 HANG-UP', 2.5, 2, 0, 'H', 10, 1, 'H', 'FF'],
  ['911OL', '911 OPEN LINE', 0.6, 2, 0, 'H', 12, 1, 'H', 'FF'],
  // Persons, animals, civil, other
  ['MISSP', 'MISSING PERSON', 0.35, 2, 0, 'G', 60, 1, 'R', 'FF'],
  ['RUNAW', 'RUNAWAY JUVENILE', 0.2, 3, 0, 'G', 45, 1, 'R', 'FF'],
  ['ATL', 'ATTEMPT TO LOCATE ("BOLO")', 0.2, 3, 0.2, 'G', 20, 1, 'C', 'FF'],
  ['ANIM', 'ANIMAL COMPLAINT', 0.6, 4, 0, 'G', 15, 1, 'C', 'DS'],
  ['ANBITE', 'ANIMAL BITE', 0.08, 3, 0, 'G', 35, 1, 'R', 'DS'],
  ['ANCRU', 'ANIMAL CRUELTY', 0.03, 3, 0, 'G', 30, 1, 'R', 'DF'],
  ['CIVIL', 'CIVIL DISPUTE', 0.7, 4, 0, 'G', 30, 1, 'C', 'FF'],
  ['LLT', 'LANDLORD/TENANT DISPUTE', 0.2, 4, 0, 'G', 30, 1, 'C', 'DF'],
  ['MEET', 'MEET COMPLAINANT', 0.5, 4, 0, 'R', 25, 1, 'C', 'DF'],
  ['INFO', 'INFORMATION', 0.5, 4, 0.2, 'G', 15, 1, 'C', 'FF'],
  ['XPAT', 'EXTRA PATROL REQUEST', 0.4, 4, 0, 'G', 10, 1, 'P', 'FF'],
  ['ORD', 'ORDINANCE VIOLATION', 0.15, 4, 0.3, 'G', 15, 1, 'T', 'DS'],
  ['DRUGS', 'DRUG ACTIVITY', 0.7, 3, 0.3, 'G', 25, 2, 'S', 'NF'],
  ['PROST', 'PROSTITUTION', 0.05, 3, 0.3, 'G', 25, 1, 'S', 'NF'],
  ['LIQR', 'LIQUOR LAW VIOLATION', 0.04, 4, 0.3, 'G', 20, 1, 'T', 'NF'],
  ['JUV', 'JUVENILE PROBLEM', 0.3, 3, 0, 'G', 25, 1, 'D', 'DF'],
  ['TRUAN', 'TRUANCY', 0.02, 4, 0, 'G', 20, 1, 'C', 'DF'],
  ['ENCAMP', 'ENCAMPMENT', 0.1, 4, 0, 'G', 25, 2, 'Q', 'DF'],
];


export const CALL_TYPES: readonly CallType[] = ROWS.map(
  ([code, nature, weight, priority, selfInitiated, source, sceneMinutes, units, disposition, shape]) => ({
    code,
    nature,
    weight,
    priority,
    selfInitiated,
    source,
    sceneMinutes,
    units,
    disposition,
    time: shape[0] as TimeProfile,
    season: shape[1] as SeasonProfile,
  }),
);

/** The nine call types of Durham's 2021 analysis (quality of life / behavioural health). */
export const DURHAM_NINE: readonly string[] = ['WELCK', 'TRESP', 'MHC', 'SUICT', 'INTOX', 'PANH', 'INDEC', 'ASSTP', 'FOLLOW'];

/** Types whose volume tilts toward the downtown beats. */
export const DOWNTOWN_TYPES: readonly string[] = ['PANH', 'INTOX', 'TRESP', 'INDEC', 'LOIT', 'ENCAMP', 'MHC', 'DRUGS', 'PROST', 'FPAT'];

const INDEX = new Map(CALL_TYPES.map((t, i) => [t.code, i]));

/** Index of a call type by code; throws on an unknown code (a table typo). */
export function callTypeIndex(code: string): number {
  const i = INDEX.get(code);
  if (i === undefined) throw new Error(`unknown call-type code ${JSON.stringify(code)} in the generator tables`);
  return i;
}
