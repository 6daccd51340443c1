import type { ErrorDetail } from './errors.ts';

/**
 * Problems reported for one request, at most: enough to fix a request in one go, while a list of
 * 200,000 bad elements is not answered with 30 MB of errors (over Lambda's 6 MB response limit).
 */
const MAX_PROBLEMS = 20;

/**
 * Collects field problems so a request is answered with all of them at once (the first
 * {@link MAX_PROBLEMS}, then one entry counting the rest). Paths use the wire names
 * (`Data.Permissions[2]`).
 */
export class Problems {
  readonly list: ErrorDetail[] = [];
  /** Every problem found, the ones past the cap too. */
  private found = 0;

  add(path: string, message: string, code: ErrorDetail['ErrorCode'] = 'UK.OBIE.Field.Invalid'): void {
    this.found++;
    if (this.found <= MAX_PROBLEMS) this.list.push({ ErrorCode: code, Message: message, Path: path });
    else {
      // One closing entry past the cap, kept up to date, says how many more there were.
      const more = this.found - MAX_PROBLEMS;
      this.list[MAX_PROBLEMS] = {
        ErrorCode: 'UK.OBIE.Field.Invalid',
        Message: `${more} more problem${more === 1 ? '' : 's'} not listed; fix these and send again.`,
      };
    }
  }

  /** How many problems were found (the list keeps the first {@link MAX_PROBLEMS}). */
  get size(): number {
    return this.found;
  }

  missing(path: string, message = `${path} is required.`): void {
    this.add(path, message, 'UK.OBIE.Field.Missing');
  }

  get empty(): boolean {
    return this.found === 0;
  }
}

/** RFC 3339 date-time with an explicit offset (`Z` or `±hh:mm`), as the contract requires. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The instants a date-time may name: years 0001–9999 in UTC, the range RFC 3339 can write. An
 * offset can carry a date written inside it outside (`9999-12-31T23:59:59-23:59`), where
 * `toISOString` writes a six-digit year that no client parses and that sorts before every date.
 */
const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Parses an RFC 3339 date-time; undefined when malformed or impossible (31 February, hour 24,
 * an instant outside years 0001–9999 once its offset is applied).
 */
export function parseDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !RFC3339.test(value)) return undefined;
  const date = new Date(value);
  const time = date.getTime();
  if (Number.isNaN(time) || time < EARLIEST || time > LATEST) return undefined;
  // JavaScript reads 24:00:00 as the next day's midnight; RFC 3339 hours end at 23.
  if (Number(value.slice(11, 13)) > 23) return undefined;
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  const probe = new Date(Date.UTC(y!, m! - 1, d!));
  if (probe.getUTCMonth() !== m! - 1 || probe.getUTCDate() !== d) return undefined;
  return date;
}

/** Whether a value is a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A request's `Data` object, with a problem for a missing one and for each field it does not accept. */
export function dataOf(body: unknown, fields: readonly string[], problems: Problems) {
  const data = isObject(body) ? body.Data : undefined;
  if (!isObject(data)) {
    problems.missing('Data', `The body needs a Data object with ${fields.join(', ')}: { "Data": { … } }.`);
    return undefined;
  }
  for (const name of Object.keys(data)) {
    if (!fields.includes(name)) {
      problems.add(
        `Data.${name}`,
        `Data.${name} is not a field of this request; accepted: ${fields.join(', ')}.`,
        'UK.OBIE.Field.Unexpected',
      );
    }
  }
  return data;
}
