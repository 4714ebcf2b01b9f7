// Month grids for the calendar view: the weeks (Monday first) that show a month, as
// "YYYY-MM-DD" days. Pure, UTC-based, so no time zone can shift a day.

export function dayString(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return dayString(date);
}

/** The days shown for a month: whole weeks from the Monday on or before the 1st. */
export function monthGrid(year: number, month: number): string[] {
  const first = new Date(Date.UTC(year, month, 1));
  const offset = (first.getUTCDay() + 6) % 7;
  const start = addDays(dayString(first), -offset);
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const weeks = Math.ceil((offset + daysInMonth) / 7);
  return Array.from({ length: weeks * 7 }, (_, i) => addDays(start, i));
}

/** The new value of a date or date-time moved to another day (a date-time keeps its time). */
export function moveToDay(value: unknown, day: string, isDateTime: boolean): string {
  if (!isDateTime) return day;
  const time = typeof value === 'string' && value.length > 10 ? value.slice(10) : 'T09:00:00.000Z';
  return `${day}${time}`;
}
