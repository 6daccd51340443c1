/** Vietnam keeps UTC+7 all year (no daylight saving), so the offset is a constant. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/**
 * The business day a posting belongs to, in Vietnam time (`YYYY-MM-DD`): reconciliation
 * reports (`GET /reconciliation/{date}`) read postings by this day.
 *
 * @example bookingDayOf(new Date('2025-03-01T18:30:00Z')) // '2025-03-02'
 */
export function bookingDayOf(at: Date | string): string {
  const time = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(time + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}
