import { authorize } from '#auth/authorize.ts';
import { decodeVietQr } from '#domain/vietqr/decode.ts';
import { encodeVietQr } from '#domain/vietqr/encode.ts';
import { renderVietQr } from '#domain/vietqr/render.ts';
import { apiHandler } from '#http/handler.ts';
import { toWireFields } from './vietqr-fields.ts';
import { fieldErrors, readVietQrRequest } from './vietqr-request.ts';

/** POST /v1/qr/vietqr: encodes a VietQR and renders it as PNG and SVG; bad input is a 400 naming the field. */
export const handler = apiHandler(
  { body: 'json', use: [authorize({ scopes: ['bills', 'payments'], subject: 'client' })] },
  async (request) => {
    const encoded = encodeVietQr(readVietQrRequest(request.body));
    if (!encoded.ok) throw fieldErrors(encoded.errors);
    const { png, svg } = await renderVietQr(encoded.payload);
    return {
      status: 201,
      body: {
        Data: {
          Payload: encoded.payload,
          Png: png,
          Svg: svg,
          Decoded: toWireFields(decodeVietQr(encoded.payload).fields),
        },
        Links: { Self: request.url.href },
        Meta: {},
      },
    };
  },
);
