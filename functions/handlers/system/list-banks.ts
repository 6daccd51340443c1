import { banks } from '#domain/banks.ts';
import { publicHandler } from '#http/public-handler.ts';
import { respond } from '#http/respond.ts';
import { bankView } from './views.ts';

/** GET /v1/banks: the NAPAS BIN directory, public reference data. */
export const handler = publicHandler(async (request) => ({
  ...respond(request, 'BanksResponse', { data: { Bank: banks.map(bankView) }, meta: { TotalPages: 1 } }),
  headers: { 'cache-control': 'public, max-age=3600' },
}));
