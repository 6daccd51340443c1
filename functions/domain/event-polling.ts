import { isObject, Problems } from './validation.ts';

/**
 * Aggregated polling (UK Open Banking, after RFC 8936 §2.4): what a poll request means.
 * Pure parsing; the use case records the acknowledgements and reads what is pending.
 */

/** Event ids as the platform mints them (`#store/events.ts`): `evt_` and 32 hex digits. */
const EVENT_ID = /^evt_[0-9a-f]{32}$/;
/** Acknowledgements per request: they are recorded in one transaction (DynamoDB allows 100 items). */
const MAX_ACKNOWLEDGEMENTS = 100;
/** Events per poll, at most. */
const MAX_EVENTS = 100;
/** Events per poll when the client names no number (RFC 8936 leaves it to the transmitter). */
const DEFAULT_MAX_EVENTS = 20;
const MAX_ERR = 64;
const MAX_DESCRIPTION = 256;

/** How a client answered one event it polled: received, or refused with an RFC 8936 error. */
export interface EventAcknowledgement {
  eventId: string;
  setError?: { err: string; description: string };
  /** Where the id was in the request (`ack[0]`, `setErrs.evt_…`), for an error that names it. */
  path: string;
}

export interface PollRequest {
  maxEvents: number;
  /** RFC 8936: absent means false, a long poll. */
  returnImmediately: boolean;
  acknowledgements: EventAcknowledgement[];
}

const FIELDS = ['maxEvents', 'returnImmediately', 'ack', 'setErrs'];

/** Parses a poll request body; every problem is reported at once, by its path. */
export function parsePollRequest(body: unknown): { value?: PollRequest; problems: Problems } {
  const problems = new Problems();
  if (!isObject(body)) {
    problems.missing(
      '$',
      'The body is a JSON object: { "maxEvents"?, "returnImmediately"?, "ack"?, "setErrs"? }.',
    );
    return { problems };
  }
  for (const name of Object.keys(body)) {
    if (!FIELDS.includes(name)) problems.add(name, `${name} is not a poll field; use ${FIELDS.join(', ')}.`);
  }
  // `null` is a value sent, and refused: only an absent field takes the default.
  const maxEvents = body.maxEvents === undefined ? DEFAULT_MAX_EVENTS : body.maxEvents;
  if (!Number.isInteger(maxEvents) || (maxEvents as number) < 0 || (maxEvents as number) > MAX_EVENTS) {
    problems.add('maxEvents', `maxEvents is a whole number from 0 to ${MAX_EVENTS}.`);
  }
  const returnImmediately = body.returnImmediately === undefined ? false : body.returnImmediately;
  if (typeof returnImmediately !== 'boolean')
    problems.add('returnImmediately', 'returnImmediately is true or false.');

  const acknowledgements: EventAcknowledgement[] = [];
  const seen = new Set<string>();
  const take = (eventId: unknown, path: string, setError?: EventAcknowledgement['setError']) => {
    if (typeof eventId !== 'string' || !EVENT_ID.test(eventId)) {
      problems.add(path, 'Not an event id: send the jti of an event you polled (evt_ and 32 hex digits).');
      return;
    }
    if (seen.has(eventId)) {
      problems.add(path, `${eventId} is acknowledged twice; name each event once, in ack or in setErrs.`);
      return;
    }
    seen.add(eventId);
    acknowledgements.push({ eventId, path, ...(setError ? { setError } : {}) });
  };
  if (body.ack !== undefined) {
    if (!Array.isArray(body.ack)) problems.add('ack', 'ack is an array of event ids.');
    else {
      for (const [index, id] of body.ack.entries()) take(id, `ack[${index}]`);
    }
  }
  if (body.setErrs !== undefined) {
    if (!isObject(body.setErrs))
      problems.add('setErrs', 'setErrs is an object: { "<event id>": { "err", "description" } }.');
    else {
      for (const [id, error] of Object.entries(body.setErrs)) {
        const path = `setErrs.${id}`;
        const err = isObject(error) ? error.err : undefined;
        const description = isObject(error) ? error.description : undefined;
        if (typeof err !== 'string' || err.length === 0 || err.length > MAX_ERR) {
          problems.add(`${path}.err`, `err is an error code of 1 to ${MAX_ERR} characters (RFC 8936 §2.5).`);
          continue;
        }
        if (typeof description !== 'string' || description.length > MAX_DESCRIPTION) {
          problems.add(
            `${path}.description`,
            `description is a text of at most ${MAX_DESCRIPTION} characters.`,
          );
          continue;
        }
        take(id, path, { err, description });
      }
    }
  }
  if (acknowledgements.length > MAX_ACKNOWLEDGEMENTS) {
    problems.add(
      'ack',
      `At most ${MAX_ACKNOWLEDGEMENTS} ids in ack and setErrs together; acknowledge the rest next time.`,
    );
  }
  if (!problems.empty) return { problems };
  return {
    value: {
      maxEvents: maxEvents as number,
      returnImmediately: returnImmediately as boolean,
      acknowledgements,
    },
    problems,
  };
}

/** The feed's page size: 1–100, 50 when absent. */
export function parseFeedLimit(value: string | undefined): { value?: number; problems: Problems } {
  const problems = new Problems();
  if (value === undefined) return { value: 50, problems };
  const limit = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
  if (!(limit >= 1 && limit <= 100)) {
    problems.add('limit', 'limit is a whole number from 1 to 100.');
    return { problems };
  }
  return { value: limit, problems };
}
