import { readFileSync } from 'node:fs';

/** The package version, read once from package.json (src/ and dist/ sit beside it). */
export const TOOL_VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
export const TOOL_NAME = 'css-analyze';
