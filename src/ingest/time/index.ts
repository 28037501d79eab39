/** Timestamp layer: compiled byte parsers, format detection and agency time zones. */
export { compileFormat, combineDateTime, type TimeParser, type TimestampKind, type TimestampYield } from './formats.js';
export { detectFormat, isNullLike, type DetectedFormat, type DetectKind } from './detect.js';
export { createZone, canonicalZoneName, type Zone, type LocalParts } from './zone.js';
export { formatWallIso, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND } from './civil.js';
