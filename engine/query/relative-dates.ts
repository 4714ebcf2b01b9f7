// Relative date ranges ("today", "last_7_days", "this_month") in a time zone, as half-open
// [start, end) ranges of calendar dates. Weeks start on Monday.
import { TZDate } from '@date-fns/tz';
import {
  addDays,
  addMonths,
  addQuarters,
  addWeeks,
  addYears,
  format,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
} from 'date-fns';

export interface DateRange {
  /** First day in the range, YYYY-MM-DD. */
  start: string;
  /** First day after the range, YYYY-MM-DD. */
  end: string;
}

const fixed = [
  'today',
  'yesterday',
  'tomorrow',
  'this_week',
  'last_week',
  'next_week',
  'this_month',
  'last_month',
  'next_month',
  'this_quarter',
  'last_quarter',
  'next_quarter',
  'this_year',
  'last_year',
  'next_year',
] as const;

export const relativeDateTokens: readonly string[] = [...fixed, 'last_N_days', 'next_N_days'];

const day = (date: Date) => format(date, 'yyyy-MM-dd');

/** Today's calendar date in the time zone. */
export function todayIn(timeZone: string, now: number): string {
  return day(new TZDate(now, timeZone));
}

export function isRelativeToken(token: unknown): token is string {
  return (
    typeof token === 'string' && (fixed.includes(token as never) || /^(last|next)_\d{1,4}_days$/.test(token))
  );
}

/**
 * last_N_days is the N days ending today (today and the N−1 before it);
 * next_N_days is the N days starting today.
 */
export function relativeRange(token: string, now: number, timeZone: string): DateRange | undefined {
  const today = new TZDate(now, timeZone);
  today.setHours(0, 0, 0, 0);
  const span = (start: Date, end: Date): DateRange => ({ start: day(start), end: day(end) });
  const rolling = /^(last|next)_(\d{1,4})_days$/.exec(token);
  if (rolling) {
    const n = Number(rolling[2]);
    return rolling[1] === 'last'
      ? span(addDays(today, 1 - n), addDays(today, 1))
      : span(today, addDays(today, n));
  }
  const week = startOfWeek(today, { weekStartsOn: 1 });
  const month = startOfMonth(today);
  const quarter = startOfQuarter(today);
  const year = startOfYear(today);
  switch (token) {
    case 'today':
      return span(today, addDays(today, 1));
    case 'yesterday':
      return span(addDays(today, -1), today);
    case 'tomorrow':
      return span(addDays(today, 1), addDays(today, 2));
    case 'this_week':
      return span(week, addWeeks(week, 1));
    case 'last_week':
      return span(addWeeks(week, -1), week);
    case 'next_week':
      return span(addWeeks(week, 1), addWeeks(week, 2));
    case 'this_month':
      return span(month, addMonths(month, 1));
    case 'last_month':
      return span(addMonths(month, -1), month);
    case 'next_month':
      return span(addMonths(month, 1), addMonths(month, 2));
    case 'this_quarter':
      return span(quarter, addQuarters(quarter, 1));
    case 'last_quarter':
      return span(addQuarters(quarter, -1), quarter);
    case 'next_quarter':
      return span(addQuarters(quarter, 1), addQuarters(quarter, 2));
    case 'this_year':
      return span(year, addYears(year, 1));
    case 'last_year':
      return span(addYears(year, -1), year);
    case 'next_year':
      return span(addYears(year, 1), addYears(year, 2));
    default:
      return undefined;
  }
}

/** Milliseconds since the epoch at midnight starting `date` (YYYY-MM-DD) in the time zone. */
export function startOfDayMs(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new TZDate(y, m - 1, d, 0, 0, 0, 0, timeZone).getTime();
}
