import { describe, expect, it } from 'vitest';
import { parsePeriod, periodJson, previousPeriod, rangePeriod, yearAgoPeriod } from '../../src/aggregate/period.js';
import { CssError } from '../../src/errors.js';

const json = (text: string) => periodJson(parsePeriod(text));

describe('parsePeriod', () => {
  it('reads years, quarters, months and days as local calendar dates, both ends included', () => {
    expect(json('2024-Q3')).toEqual({ label: '2024-Q3', kind: 'quarter', from: '2024-07-01', to: '2024-09-30', days: 92 });
    expect(json('2024-q1')).toMatchObject({ label: '2024-Q1', from: '2024-01-01', to: '2024-03-31', days: 91 });
    expect(json('2024-07')).toEqual({ label: '2024-07', kind: 'month', from: '2024-07-01', to: '2024-07-31', days: 31 });
    expect(json('2024-02')).toMatchObject({ to: '2024-02-29', days: 29 });
    expect(json('2023-02')).toMatchObject({ to: '2023-02-28', days: 28 });
    expect(json('2024')).toEqual({ label: '2024', kind: 'year', from: '2024-01-01', to: '2024-12-31', days: 366 });
    expect(json('2024-07-04')).toEqual({ label: '2024-07-04', kind: 'day', from: '2024-07-04', to: '2024-07-04', days: 1 });
    expect(json('2024-Q4')).toMatchObject({ from: '2024-10-01', to: '2024-12-31', days: 92 });
  });

  for (const bad of ['2024-Q5', '2024-Q0', '2024-13', '24-01', '2023-02-29', 'last quarter', '']) {
    it(`refuses "${bad}" with a usage error quoting it`, () => {
      expect(() => parsePeriod(bad)).toThrow(CssError);
      expect(() => parsePeriod(bad)).toThrow(`got "${bad}"`);
    });
  }
});

describe('rangePeriod (--from/--to, both included)', () => {
  it('includes the --to day', () => {
    expect(periodJson(rangePeriod('2024-07-01', '2024-09-30'))).toMatchObject({ from: '2024-07-01', to: '2024-09-30', days: 92 });
    expect(periodJson(rangePeriod('2024-07-01', '2024-07-01'))).toMatchObject({ days: 1 });
  });
  it('allows open ends', () => {
    expect(periodJson(rangePeriod('2024-07-01', undefined))).toMatchObject({ from: '2024-07-01', to: null, days: null });
    expect(periodJson(rangePeriod(undefined, '2024-07-01'))).toMatchObject({ from: null, to: '2024-07-01', days: null });
  });
  it('refuses --to before --from, and bad dates', () => {
    expect(() => rangePeriod('2024-07-02', '2024-07-01')).toThrow(/--to 2024-07-01 is before --from 2024-07-02/);
    expect(() => rangePeriod('2024-7-2', undefined)).toThrow(/--from must be a date YYYY-MM-DD, got "2024-7-2"/);
  });
});

describe('previous and year-ago periods', () => {
  const prev = (text: string) => periodJson(previousPeriod(parsePeriod(text)));
  const ago = (text: string) => periodJson(yearAgoPeriod(parsePeriod(text)));

  it('previous is the calendar period before', () => {
    expect(prev('2024-Q1')).toMatchObject({ label: '2023-Q4', from: '2023-10-01', to: '2023-12-31', days: 92 });
    expect(prev('2024-Q3')).toMatchObject({ label: '2024-Q2', from: '2024-04-01', to: '2024-06-30', days: 91 });
    expect(prev('2024-03')).toMatchObject({ label: '2024-02', from: '2024-02-01', to: '2024-02-29' });
    expect(prev('2024-01')).toMatchObject({ label: '2023-12' });
    expect(prev('2024')).toMatchObject({ label: '2023', days: 365 });
    expect(prev('2024-03-01')).toMatchObject({ label: '2024-02-29', days: 1 });
  });

  it('previous of a range is the same number of days just before it', () => {
    expect(periodJson(previousPeriod(rangePeriod('2024-03-01', '2024-03-10')))).toMatchObject({ from: '2024-02-20', to: '2024-02-29', days: 10 });
  });

  it('year-ago shifts the dates by a year (29 February → 28 February)', () => {
    expect(ago('2024-Q3')).toMatchObject({ label: '2023-Q3', from: '2023-07-01', to: '2023-09-30' });
    expect(ago('2024-02')).toMatchObject({ label: '2023-02', from: '2023-02-01', to: '2023-02-28', days: 28 });
    expect(ago('2024-02-29')).toMatchObject({ from: '2023-02-28', to: '2023-02-28' });
    expect(periodJson(yearAgoPeriod(rangePeriod('2024-02-10', '2024-02-29')))).toMatchObject({ from: '2023-02-10', to: '2023-02-28', days: 19 });
  });

  it('needs a closed period', () => {
    expect(() => previousPeriod(rangePeriod('2024-01-01', undefined))).toThrow(/--compare previous needs a period with both ends/);
  });
});
