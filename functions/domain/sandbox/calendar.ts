/**
 * Vietnam time (UTC+7, no daylight saving) for sandbox history: people pay bills and get
 * salaries on local calendar days; the ledger stores UTC instants.
 */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

export interface LocalMonth {
  year: number;
  /** 0-11 */
  month: number;
}

/** The instant of a local Vietnam wall-clock time (the day is clamped to the month's length). */
export function vietnamTime(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): number {
  const clamped = Math.min(day, daysInMonth(year, month));
  return Date.UTC(year, month, clamped, hour, minute, second, ms) - VIETNAM_OFFSET_MS;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** The local calendar month an instant falls in. */
export function localMonthOf(instant: number): LocalMonth {
  const local = new Date(instant + VIETNAM_OFFSET_MS);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() };
}

/** `MM/YYYY`, as bills and payslips print a period. */
export function periodLabel({ year, month }: LocalMonth): string {
  return `${String(month + 1).padStart(2, '0')}/${year}`;
}

export function previousMonth({ year, month }: LocalMonth): LocalMonth {
  return month === 0 ? { year: year - 1, month: 11 } : { year, month: month - 1 };
}

function nextMonth({ year, month }: LocalMonth): LocalMonth {
  return month === 11 ? { year: year + 1, month: 0 } : { year, month: month + 1 };
}

/** Midnight (Vietnam time) starting the day of `now`: the default end of sandbox history, so data looks fresh. */
export function startOfVietnamDay(now: Date): Date {
  const local = new Date(now.getTime() + VIETNAM_OFFSET_MS);
  return new Date(
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - VIETNAM_OFFSET_MS,
  );
}

/** The same local wall-clock instant `months` earlier (day clamped), e.g. the start of a 12-month history. */
export function monthsBefore(instant: number, months: number): number {
  const local = new Date(instant + VIETNAM_OFFSET_MS);
  const total = local.getUTCFullYear() * 12 + local.getUTCMonth() - months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  return vietnamTime(
    year,
    month,
    local.getUTCDate(),
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
}

/** Every local month overlapping [from, to). */
export function monthsBetween(from: number, to: number): LocalMonth[] {
  const months: LocalMonth[] = [];
  let cursor = localMonthOf(from);
  const last = localMonthOf(to - 1);
  while (cursor.year * 12 + cursor.month <= last.year * 12 + last.month) {
    months.push(cursor);
    cursor = nextMonth(cursor);
  }
  return months;
}
