import { valueOrThrow } from '#domain/errors.ts';
import { decodeVietQr } from '#domain/vietqr/decode.ts';
import { parseDecodeRequest } from '#domain/vietqr/request.ts';
import { apiHandler } from '#http/api-handler.ts';
import { type Incoming, respond, type Schemas } from '#http/respond.ts';
import { qrProblemView, vietQrFieldsView } from './views.ts';

/** POST /v1/qr/decode: decodes and checks a scanned payload; an invalid payload is a 200 with its problems. */
export const handler = apiHandler<Incoming<Schemas['VietQrDecodeRequest']>>(async (request) => {
  // Pure domain, no I/O: no use case in between.
  const decoding = decodeVietQr(valueOrThrow(parseDecodeRequest(request.body)));
  return respond(request, 'VietQrDecodeResponse', {
    data: {
      Valid: decoding.valid,
      Fields: vietQrFieldsView(decoding.fields),
      Problems: decoding.problems.map(qrProblemView),
    },
  });
});
