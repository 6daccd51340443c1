import { type CashSession, effectiveStatus, effectiveStatusTime } from '#domain/cash/session.ts';
import { formatVnd } from '#domain/money.ts';
import type { Schemas } from '#http/respond.ts';
import { renderVietQr } from '#use-cases/qr/render-vietqr.ts';

/** A whole-VND amount as the contract's `InstructedAmount`. */
function amountView(amount: number): Schemas['InstructedAmount'] {
  return { Amount: formatVnd(amount), Currency: 'VND' };
}

/** Renderings kept per warm container: a terminal polls its session every second or two. */
const RENDER_CACHE_SIZE = 64;
const renderings = new Map<string, Promise<{ png: string; svg: string }>>();

/** The code's images, rendered once per payload and container (about 20 ms each otherwise). */
function render(payload: string): Promise<{ png: string; svg: string }> {
  let images = renderings.get(payload);
  if (!images) {
    images = renderVietQr(payload);
    renderings.set(payload, images);
    // Map keeps insertion order: the first key is the oldest.
    if (renderings.size > RENDER_CACHE_SIZE) renderings.delete(renderings.keys().next().value!);
    images.catch(() => renderings.delete(payload));
  }
  return images;
}

/**
 * The contract's `CashSession` as of `now`. The code's images are pure functions of the stored
 * payload, so they are rendered (and cached per container) rather than stored with the session.
 */
export async function sessionView(session: CashSession, now: Date): Promise<Schemas['CashSession']> {
  const { png, svg } = await render(session.payload);
  return {
    SessionId: session.sessionId,
    TerminalId: session.terminalId,
    Status: effectiveStatus(session, now),
    Reference: session.reference,
    CreationDateTime: session.createdAt,
    StatusUpdateDateTime: effectiveStatusTime(session, now),
    ExpirationDateTime: session.expiresAt,
    ...(session.approval
      ? { Amount: amountView(session.approval.amount), DispenseBy: session.approval.dispenseBy }
      : {}),
    ...(session.withdrawal ? { WithdrawalId: session.withdrawal.withdrawalId } : {}),
    Qr: { Payload: session.payload, Png: png, Svg: svg },
  };
}

/** The contract's `CashWithdrawal` of a reported session. */
export function withdrawalView(session: CashSession): Schemas['CashWithdrawal'] {
  const withdrawal = session.withdrawal!;
  return {
    WithdrawalId: withdrawal.withdrawalId,
    SessionId: session.sessionId,
    TerminalId: session.terminalId,
    Status: withdrawal.outcome === 'Dispensed' ? 'Completed' : 'Reversed',
    Amount: amountView(session.approval!.amount),
    CreationDateTime: withdrawal.reportedAt,
    ...(withdrawal.failureReason ? { FailureReason: withdrawal.failureReason } : {}),
  };
}
