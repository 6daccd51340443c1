import { banks } from '#domain/banks.ts';
import { apiHandler } from '#http/handler.ts';

/** GET /v1/banks: the NAPAS BIN directory, public reference data. */
export const handler = apiHandler({}, async (request) => ({
  status: 200,
  headers: { 'cache-control': 'public, max-age=3600' },
  body: {
    Data: { Bank: banks.map((bank) => ({ Bin: bank.bin, ShortName: bank.shortName, Name: bank.name })) },
    Links: { Self: request.url.href },
    Meta: { TotalPages: 1 },
  },
}));
