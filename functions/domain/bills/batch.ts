/**
 * Batch creation of bills (`POST /v1/bill-batches`, after Pix's `lotecobv`): up to
 * {@link MAX_BATCH_ITEMS} bills accepted at once, created by a worker, each item ending `Created`
 * (with its bill) or `Refused` (with its problems, as `POST /v1/bills` would have answered them).
 */
import { randomBytes } from 'node:crypto';
import type { ErrorDetail } from '../errors.ts';
import { truncate } from '../text.ts';
import { isObject, Problems } from '../validation.ts';

/** A school's tuition for one term, a district's fines of a month. */
export const MAX_BATCH_ITEMS = 5000;

/** Items stored (and processed) together: one DynamoDB item per chunk stays far below 400 KB. */
export const BATCH_CHUNK_SIZE = 100;

/**
 * Largest item, as JSON in UTF-8. The longest bill `POST /v1/bills` accepts is under 1.4 KB (every
 * text field at its limit in 4-byte characters); with at most {@link MAX_ITEM_ERROR_BYTES} of
 * problems kept per item, a chunk of 100 stays under 350 KB (DynamoDB's item limit is 400 KB).
 */
export const MAX_BATCH_ITEM_BYTES = 2_048;

/**
 * Problems kept for a refused item, as JSON: the first ones (an item of 200 unknown fields has
 * 200), each quoting at most {@link MAX_ERROR_TEXT} characters of its path and message (an
 * unknown field's name may be 2,000 characters long, and its problem quotes it twice).
 */
const MAX_ITEM_ERROR_BYTES = 1_024;
const MAX_ERROR_TEXT = 160;

/** Oversized items named in one 400 before the rest are left out. */
const MAX_OVERSIZED_REPORTED = 10;

export type BatchStatus = 'Accepted' | 'Processing' | 'Completed';
type BatchItemStatus = 'Pending' | 'Created' | 'Refused';

/** A new batch id: `bbatch_` and 20 base32 characters (100 random bits). */
export function newBatchId(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let id = 'bbatch_';
  for (const byte of randomBytes(20)) id += alphabet[byte & 31];
  return id;
}

export const BATCH_ID = /^bbatch_[A-Z2-9]{20}$/;

/** One item's request (the `Data` of a `POST /v1/bills`) and what became of it. */
export interface BatchItem {
  index: number;
  /**
   * As the partner sent it, as JSON text; parsed by the worker with the rules of `POST /v1/bills`.
   * Text, not a DynamoDB map: any JSON value stores (a map refuses numbers beyond 2^53).
   */
  request: string;
  status: BatchItemStatus;
  billId?: string;
  errors?: ErrorDetail[];
}

export interface BillBatch {
  batchId: string;
  clientId: string;
  status: BatchStatus;
  itemCount: number;
  createdCount: number;
  refusedCount: number;
  createdAt: string;
  completedAt?: string;
}

/**
 * The batch's envelope, checked at once: `Data.Bills`, an array of 1 to 5,000 items of at most
 * {@link MAX_BATCH_ITEM_BYTES} each, returned as their JSON texts. The items' fields are checked
 * one by one by the worker, so that one bad bill refuses only itself.
 */
export function parseBatchRequest(body: unknown): { value?: string[]; problems: Problems } {
  const problems = new Problems();
  const data = isObject(body) ? body.Data : undefined;
  if (!isObject(data)) {
    problems.missing(
      'Data',
      'The body needs { "Data": { "Bills": [ { …a bill as POST /v1/bills takes it… } ] } }.',
    );
    return { problems };
  }
  for (const name of Object.keys(data)) {
    if (name !== 'Bills') {
      problems.add(
        `Data.${name}`,
        `Data.${name} is not a field of a batch; send Data.Bills only.`,
        'UK.OBIE.Field.Unexpected',
      );
    }
  }
  const bills = data.Bills;
  if (bills === undefined)
    problems.missing('Data.Bills', 'Data.Bills is required: an array of 1 to 5,000 bills.');
  else if (!Array.isArray(bills))
    problems.add('Data.Bills', 'Data.Bills must be an array of bills.', 'VN.OB.Bills.InvalidBatch');
  else if (bills.length === 0)
    problems.add('Data.Bills', 'Data.Bills is empty: send 1 to 5,000 bills.', 'VN.OB.Bills.InvalidBatch');
  else if (bills.length > MAX_BATCH_ITEMS) {
    problems.add(
      'Data.Bills',
      `Data.Bills has ${bills.length} bills; a batch takes at most ${MAX_BATCH_ITEMS}: split it into several batches.`,
      'VN.OB.Bills.BatchTooLarge',
    );
  }
  if (!problems.empty) return { problems };
  const texts = (bills as unknown[]).map((bill) => JSON.stringify(bill));
  let oversized = 0;
  for (const [index, text] of texts.entries()) {
    const bytes = Buffer.byteLength(text);
    if (bytes <= MAX_BATCH_ITEM_BYTES) continue;
    if (++oversized > MAX_OVERSIZED_REPORTED) break;
    problems.add(
      `Data.Bills[${index}]`,
      `Data.Bills[${index}] is ${bytes} bytes as JSON; a bill takes at most ${MAX_BATCH_ITEM_BYTES}: send only the fields of POST /v1/bills.`,
      'VN.OB.Bills.InvalidBatch',
    );
  }
  return problems.empty ? { value: texts, problems } : { problems };
}

/**
 * An item's problems as the batch reports them, the first ones up to {@link MAX_ITEM_ERROR_BYTES}:
 * the paths of `POST /v1/bills` (`Data.Amount`) become the item's place in the batch
 * (`Data.Bills[12].Amount`).
 */
export function itemErrors(index: number, errors: readonly ErrorDetail[]): ErrorDetail[] {
  const kept: ErrorDetail[] = [];
  let bytes = 0;
  for (const error of errors) {
    const path = error.Path?.replace(/^Data(?=\.|$)/, `Data.Bills[${index}]`);
    const detail = {
      ...error,
      Message: truncate(error.Message, MAX_ERROR_TEXT),
      ...(path !== undefined && { Path: truncate(path, MAX_ERROR_TEXT) }),
    };
    bytes += Buffer.byteLength(JSON.stringify(detail));
    if (kept.length > 0 && bytes > MAX_ITEM_ERROR_BYTES) break;
    kept.push(detail);
  }
  return kept;
}

/** The batch's status once this many of its items are decided. */
export function batchStatusOf(itemCount: number, decided: number): BatchStatus {
  if (decided === 0) return 'Accepted';
  return decided >= itemCount ? 'Completed' : 'Processing';
}
