import { valueOrThrow } from '#domain/errors.ts';
import { parseVietQrRequest } from '#domain/vietqr/request.ts';
import { apiHandler } from '#http/api-handler.ts';
import { type Incoming, respond, type Schemas } from '#http/respond.ts';
import { createVietQr } from '#use-cases/qr/create-vietqr.ts';
import { vietQrView } from './views.ts';

/** POST /v1/qr/vietqr: encodes a VietQR and renders it as PNG and SVG; bad input is a 400 naming the field. */
export const handler = apiHandler<Incoming<Schemas['VietQrRequest']>>(async (request) => {
  const code = await createVietQr(valueOrThrow(parseVietQrRequest(request.body)));
  // 201 without `Location`: nothing is stored, so there is no resource to point at.
  return respond(request, 'VietQrResponse', { data: vietQrView(code) }, 201);
});
