import { reconciliationCsv } from '#domain/bills/reconciliation.ts';
import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { reconcileDay } from '#use-cases/bills/reconcile-day.ts';
import { reconciliationView } from './report-views.ts';

/** Whether the client asked for CSV first (`Accept: text/csv`), rather than JSON. */
function wantsCsv(accept: string | undefined): boolean {
  const first = (accept ?? '').split(',')[0]!.split(';')[0]!.trim().toLowerCase();
  return first === 'text/csv';
}

/** GET /v1/reconciliation/{Date}: the partner's business day, as JSON or (Accept: text/csv) CSV. */
export const handler = apiHandler(async (request) => {
  const report = await reconcileDay(request.caller!.clientId, request.params.Date ?? '');
  if (wantsCsv(request.headers.accept)) {
    const headers = {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="reconciliation-${report.Date}.csv"`,
      'cache-control': 'no-store',
    };
    return { status: 200, headers, raw: reconciliationCsv(report) };
  }
  return respond(request, 'ReconciliationResponse', { data: reconciliationView(report) });
});
