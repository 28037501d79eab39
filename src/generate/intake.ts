/**
 * Intake (initial) call types: what a call was typed as when it came in, when that differs
 * from the final type officers closed it as. A call keeps its final type as its initial type
 * unless drawn otherwise here; officer-initiated calls never change.
 */
import { CALL_TYPES, callTypeIndex } from './calltypes.js';

/** Final type ← possible intake (initial) types, and how often the intake type differed. */
const INTAKE: Record<string, [string, number]> = {
  // behavioural health and quality of life: often called in as something else
  MHC: ['DISTV WELCK SUICT ASSTP', 0.5],
  SUICT: ['WELCK MHC 911HU', 0.3],
  WELCK: ['ASSTP 911HU MEDA SUSPP', 0.22],
  TRESP: ['SUSPP DISTV', 0.4],
  INTOX: ['SUSPP WELCK PDOWN', 0.4],
  PANH: ['SUSPP TRESP', 0.3],
  INDEC: ['SUSPP DISTV', 0.3],
  ASSTP: ['WELCK INFO', 0.25],
  LOIT: ['SUSPP TRESP', 0.3],
  ENCAMP: ['TRESP SUSPA', 0.35],
  // disturbances and violence: escalate or de-escalate once officers learn more
  DOMA: ['DOMD 911HU DISTP', 0.55],
  DOMD: ['DISTV 911HU', 0.35],
  DISTP: ['DISTV 911HU', 0.35],
  DISTV: ['NOISE 911HU', 0.25],
  DISTJ: ['DISTV NOISE', 0.25],
  DISORD: ['DISTV INTOX', 0.35],
  ASLT: ['DISTP DISTV', 0.4],
  ASLTW: ['ASLT DISTP SHOTS', 0.45],
  SHOOT: ['SHOTS ASLTW', 0.5],
  STAB: ['ASLT DISTP', 0.45],
  PWGUN: ['DISTP SUSPP', 0.35],
  PWWEAP: ['DISTP SUSPP', 0.35],
  THREAT: ['HARAS DISTV', 0.25],
  HARAS: ['THREAT', 0.2],
  SAST: ['ASLT DOMD', 0.25],
  SHOTS: ['FWORK', 0.12],
  FWORK: ['SHOTS', 0.3],
  // property: the caller's word is not the report's
  ROBA: ['ROB LARIP', 0.35],
  ROB: ['LARIP ASLT', 0.3],
  LARIP: ['SHOPL SUSPP', 0.25],
  SHOPL: ['LARIP', 0.25],
  BURGR: ['ALRMR SUSPA OPEND', 0.35],
  BURGC: ['ALRMC ALRMI', 0.4],
  BURGIP: ['PROWL SUSPP ALRMI', 0.35],
  LARR: ['BEA FRAUD VAND', 0.2],
  BEA: ['VAND LARR', 0.2],
  VAND: ['SUSPA LARR', 0.15],
  FRAUD: ['LARR IDTH', 0.2],
  STOLV: ['LARR TOW', 0.2],
  ALRMI: ['ALRMC ALRMR', 0.1],
  ALRMC: ['ALRMI', 0.1],
  ALRMR: ['ALRMI', 0.1],
  // traffic
  MVCI: ['MVCU MVC', 0.35],
  MVC: ['MVCU DISAB THAZ', 0.25],
  MVCHR: ['MVC', 0.35],
  MVCPED: ['MVCI MVCU', 0.45],
  DWI: ['RECKL', 0.4],
  RECKL: ['TCOMP', 0.15],
  ROADR: ['RECKL THREAT', 0.35],
  THAZ: ['DISAB', 0.15],
  DISAB: ['THAZ MVC', 0.15],
  // other
  NOISE: ['DISTV PARTY', 0.2],
  PARTY: ['NOISE', 0.4],
  SUSPP: ['SUSPA', 0.2],
  SUSPV: ['SUSPA', 0.2],
  SUSPA: ['SUSPP SUSPV', 0.15],
  OVERD: ['PDOWN MEDA', 0.45],
  PDOWN: ['MEDA WELCK', 0.25],
  MEDA: ['PDOWN WELCK', 0.15],
  MISSP: ['WELCK', 0.15],
  RUNAW: ['MISSP', 0.35],
  CIVIL: ['DISTV', 0.25],
  LLT: ['CIVIL DISTV', 0.3],
  CUST: ['CIVIL DOMD', 0.3],
  DEATH: ['WELCK MEDA', 0.45],
  DRUGS: ['SUSPP SUSPV', 0.3],
  JUV: ['DISTJ', 0.25],
  PROWL: ['SUSPP', 0.25],
  SUICA: ['SUICT MEDA', 0.4],
  IVC: ['MHC', 0.25],
  KEEPP: ['CIVIL', 0.2],
  MEET: ['INFO', 0.15],
  ANIM: ['ANBITE', 0.05],
};

/** For each call type: the intake types it may have started as, and how often it did. */
export const INTAKE_ALTERNATIVES: readonly { alternatives: number[]; probability: number }[] = CALL_TYPES.map((t) => {
  const entry = INTAKE[t.code];
  if (!entry) return { alternatives: [], probability: 0 };
  return { alternatives: entry[0].split(' ').map(callTypeIndex), probability: entry[1] };
});
