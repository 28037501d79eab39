import { describe, expect, it } from 'vitest';
import { analyze, estimate, render, stableJson } from '../../src/index.js';

describe('the library API (import { analyze, estimate, render } from "css-analyze")', () => {
  it('analyses an export, estimates and renders a report without the CLI', async () => {
    const { analysis } = await analyze(['fixtures/real/alexandria-va-decc-cad-week48-2025.csv']);
    expect(analysis.input.rowsRead).toBe(1493);
    const estimated = estimate(analysis, null, { costPerCall: 800 });
    expect(Array.isArray(estimated.scenarios)).toBe(true);
    const { files } = await render(estimated, { formats: ['md', 'json'] });
    expect(files.map((f) => f.path).sort()).toEqual(['analysis.json', 'report.md']);
    expect(files.find((f) => f.path === 'analysis.json')!.data).toBe(stableJson(estimated));
  });
});
