import { authorize } from '#auth/authorize.ts';
import { decodeVietQr } from '#domain/vietqr/decode.ts';
import { apiHandler } from '#http/handler.ts';
import { toWireFields, toWireProblem } from './vietqr-fields.ts';
import { readDecodeRequest } from './vietqr-request.ts';

/** POST /v1/qr/decode: decodes and checks a scanned payload; an invalid payload is a 200 with its problems. */
export const handler = apiHandler(
  { body: 'json', use: [authorize({ scopes: ['bills', 'payments', 'cash'], subject: 'client' })] },
  async (request) => {
    const decoding = decodeVietQr(readDecodeRequest(request.body));
    return {
      status: 200,
      body: {
        Data: {
          Valid: decoding.valid,
          Fields: toWireFields(decoding.fields),
          Problems: decoding.problems.map(toWireProblem),
        },
        Links: { Self: request.url.href },
        Meta: {},
      },
    };
  },
);
