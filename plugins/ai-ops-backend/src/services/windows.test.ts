import { dayOf, windowDays } from './windows';

const at = (iso: string) => new Date(iso);

describe('dayOf', () => {
  it('gives a value ending at midnight to the day before it', () => {
    expect(dayOf(Date.parse('2026-11-28T00:00:00Z') / 1000)).toBe('2026-11-27');
    expect(dayOf(Date.parse('2026-11-28T00:00:01Z') / 1000)).toBe('2026-11-28');
  });
});

describe('windowDays', () => {
  it('ends a window that ends at midnight with the full day before it', () => {
    expect(windowDays(at('2026-11-28T00:00:00Z'), 3)).toEqual([
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
    ]);
  });

  it('lists the partial first day and today when the window starts inside a day', () => {
    expect(windowDays(at('2026-11-28T00:15:00Z'), 3)).toEqual([
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
    ]);
    expect(windowDays(at('2026-12-01T23:59:00Z'), 1)).toEqual([
      '2026-11-30',
      '2026-12-01',
    ]);
  });
});
