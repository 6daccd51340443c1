import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { issueReceipt } from '#use-cases/bills/issue-receipt.ts';
import { receiptView } from './report-views.ts';

/** GET /v1/bills/{BillId}/receipt: the paid bill's signed receipt, and the receipt as a QR code. */
export const handler = apiHandler(async (request) => {
  const billId = request.params.BillId ?? '';
  const receipt = await issueReceipt(request.caller!.clientId, billId);
  return respond(request, 'BillReceiptResponse', { data: receiptView(billId, receipt) });
});
