// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { monthNamed, monthOf, nextMonth } from '../../src/server/month-partition.js';

describe('monthly partitions (UTC months)', () => {
  it.each([
    ['2026-11-30T23:59:59.999Z', 'consent_receipts_2026_11', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
    ['2026-12-01T00:00:00.000Z', 'consent_receipts_2026_12', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    // 07:59 on 1 December in Beijing is still November in UTC: every collector puts it in the same partition.
    ['2026-11-30T23:59:00.000+00:00', 'consent_receipts_2026_11', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
    ['2028-02-29T12:00:00.000Z', 'consent_receipts_2028_02', '2028-02-01T00:00:00.000Z', '2028-03-01T00:00:00.000Z'],
  ])('%s belongs to %s', (time, name, from, to) => {
    const month = monthOf(new Date(time));
    expect([month.name, month.from.toISOString(), month.to.toISOString()]).toEqual([name, from, to]);
    expect(monthNamed(name)).toEqual(month);
  });

  it('steps to the next month across a year', () => {
    expect(nextMonth(monthOf(new Date('2026-12-15T00:00:00Z'))).name).toBe('consent_receipts_2027_01');
  });

  it.each(['consent_receipts_2026_13', 'consent_receipts_2026_00', 'consent_receipts_2026_1', 'consent_receipts', 'other_2026_11', 'consent_receipts_2026_11_old'])(
    'does not take %s for a month of the log (a purge never drops it)',
    name => expect(monthNamed(name)).toBeUndefined(),
  );
});
