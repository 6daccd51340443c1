import { invalid } from '#domain/errors.ts';

/**
 * A list's `pageSize` query parameter: digits only (as `/v1/events` takes its limit; `Number`
 * would also read `1e2`, `0x10` and ` 2`), a whole number from 1 to `max`; `fallback` when absent.
 */
export function pageSizeOf(given: string | undefined, max: number, fallback: number): number {
  if (given === undefined) return fallback;
  const size = /^\d{1,4}$/.test(given) ? Number(given) : Number.NaN;
  if (!(size >= 1 && size <= max)) {
    throw invalid('UK.OBIE.Field.Invalid', `pageSize must be a whole number from 1 to ${max}.`, {
      path: 'pageSize',
    });
  }
  return size;
}
