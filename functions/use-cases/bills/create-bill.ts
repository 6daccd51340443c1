import { type Bill, effectiveStatus, newBillId } from '#domain/bills/bill.ts';
import { billErrors } from '#domain/bills/errors.ts';
import type { NewBillRequest } from '#domain/bills/requests.ts';
import { requestFingerprint } from '#domain/idempotency.ts';
import { getBill, insertBill, ReferenceTaken } from '#store/bills/bills.ts';
import { getPartner, type Partner } from '#store/bills/partners.ts';
import { clientDisplayName } from '#store/oidc-records.ts';
import { openCollectionAccount } from './open-collection-account.ts';

/** Sandbox mode: a city partner's collection account opens without an operator (see below). */
const sandbox = process.env.SANDBOX === '1';

/**
 * Issues a bill into the partner's collection account. The partner's `Reference` is unique:
 * the same reference with the same details returns the bill made first (a retry without the
 * idempotency key), with other details it is refused and nothing is stored.
 */
export async function createBill(
  clientId: string,
  request: NewBillRequest,
  now = new Date(),
  /** The partner as {@link collectionAccountOf} read it, when the caller already has it (a batch). */
  known?: Partner,
): Promise<Bill> {
  const partner = known ?? (await collectionAccountOf(clientId));
  const fingerprint = requestFingerprint({ method: 'POST', path: '/v1/bills', body: request });
  const at = now.toISOString();
  const bill: Bill = {
    billId: newBillId(),
    clientId,
    ...request,
    status: 'Unpaid',
    createdAt: at,
    statusUpdatedAt: at,
    collection: partner.collection,
    refunded: 0,
    version: 0,
    fingerprint,
  };
  try {
    await insertBill(bill);
    return bill;
  } catch (error) {
    if (!(error instanceof ReferenceTaken)) throw error;
    const existing = error.fingerprint === fingerprint ? await getBill(error.billId) : undefined;
    if (!existing) throw billErrors.referenceConflict(error.billId);
    // The same request again answers its bill (a retry), unless that bill ended unpaid: answering a
    // cancelled or expired bill as "created" would hide that nothing can be paid under it.
    const status = effectiveStatus(existing, now);
    if (status === 'Cancelled' || status === 'Expired')
      throw billErrors.referenceEnded(existing.billId, status);
    return existing;
  }
}

/**
 * The partner's collection account. In sandbox, a partner registered with scope `bills` gets one
 * from the table stream's worker within seconds of registration; a first bill sent sooner opens
 * the same account here (conditioned puts: one account either way). Outside sandbox an operator
 * assigns it (`npm run operator -- collection-account assign`).
 */
export async function collectionAccountOf(clientId: string): Promise<Partner> {
  const partner = await getPartner(clientId);
  if (partner) return partner;
  if (!sandbox) throw billErrors.noCollectionAccount();
  return openCollectionAccount({ clientId, name: await clientDisplayName(clientId) });
}
