import { RESPONSE_LEVELS, type ResponseLevel } from '../../classify/index.js';

/**
 * Okabe & Ito's colour-blind-safe palette (Color Universal Design, 2008), one fixed colour
 * per response level so every chart and every report uses the same key. Grey marks
 * "excluded" (outside the diversion question); reddish purple marks "unclassified".
 */
export const RESPONSE_COLOURS: Record<ResponseLevel, string> = {
  community: '#009E73',
  civilian: '#56B4E9',
  'co-response': '#E69F00',
  police: '#0072B2',
  excluded: '#999999',
  unclassified: '#CC79A7',
};

export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  grey: '#999999',
} as const;

export const LEVEL_LABEL: Record<ResponseLevel, string> = Object.fromEntries(RESPONSE_LEVELS.map((l) => [l.id, l.label])) as Record<ResponseLevel, string>;

/** A colour scale over the given levels (in report order), for Vega-Lite `scale`. */
export function levelScale(levels: readonly ResponseLevel[]): { domain: string[]; range: string[] } {
  return { domain: levels.map((l) => LEVEL_LABEL[l]), range: levels.map((l) => RESPONSE_COLOURS[l]) };
}

/** Shared Vega-Lite config: explicit fonts and label limits, since text is measured without a canvas. */
export const CHART_CONFIG = {
  background: 'white',
  font: 'Liberation Sans, Arial, Helvetica, sans-serif',
  padding: 8,
  view: { stroke: null },
  title: { fontSize: 14, anchor: 'start', offset: 10, subtitleFontSize: 11, subtitleColor: '#444444' },
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 160, titleLimit: 640, labelColor: '#222222', titleColor: '#222222', gridColor: '#e5e5e5' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 240, titleLimit: 320, orient: 'bottom', direction: 'horizontal', columns: 3 },
  header: { labelFontSize: 12, labelFontWeight: 'bold', labelLimit: 200, titleFontSize: 12 },
} as const;
