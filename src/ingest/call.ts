/** Where a call came from: a member of the public, or an officer's own activity. */
export type CallSource = 'citizen' | 'officer' | 'unknown';

/**
 * One call for service after mapping. Times are epoch milliseconds (UTC instants,
 * converted from the agency's local time) or NaN when missing/unparseable.
 * Text fields are '' when missing.
 */
export interface Call {
  /** Incident / event number ('' when the export has none). */
  id: string;
  /** Final call type as text (or the code when the export has no text). */
  callType: string;
  /** Final call-type code when the export carries one beside the text. */
  callTypeCode: string;
  /** Initial (intake) call type text, when the export has both initial and final. */
  initialCallType: string;
  initialCallTypeCode: string;
  priority: string;
  source: CallSource;
  received: number;
  dispatched: number;
  enroute: number;
  arrived: number;
  cleared: number;
  /** Responding units (1 when the export has no unit information). */
  units: number;
  /**
   * Per-unit times when the export has one row per responding unit and they were
   * collapsed into this call; undefined for call-level exports.
   */
  unitTimes?: UnitTimes[];
  beat: string;
  district: string;
  disposition: string;
  agency: string;
  /** The responding unit named on this row (exports with one row per unit). */
  unit: string;
  /** Line of the (first) input row, for rejects and messages. */
  line: number;
  /** Index of the input file when several are read as one export. */
  fileIndex: number;
}

export interface UnitTimes {
  unit: string;
  dispatched: number;
  arrived: number;
  cleared: number;
}

export const CALL_TEXT_FIELDS = [
  'id',
  'callType',
  'callTypeCode',
  'initialCallType',
  'initialCallTypeCode',
  'priority',
  'beat',
  'district',
  'disposition',
  'agency',
] as const;
export const CALL_TIME_FIELDS = ['received', 'dispatched', 'enroute', 'arrived', 'cleared'] as const;

export type CallTextField = (typeof CALL_TEXT_FIELDS)[number];
export type CallTimeField = (typeof CALL_TIME_FIELDS)[number];

export function emptyCall(): Call {
  return {
    id: '',
    callType: '',
    callTypeCode: '',
    initialCallType: '',
    initialCallTypeCode: '',
    priority: '',
    source: 'unknown',
    received: NaN,
    dispatched: NaN,
    enroute: NaN,
    arrived: NaN,
    cleared: NaN,
    units: 1,
    beat: '',
    district: '',
    disposition: '',
    agency: '',
    unit: '',
    line: 0,
    fileIndex: 0,
  };
}
