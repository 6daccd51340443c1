import doc from '#generated/openapi.json' with { type: 'json' };
import { publicHandler } from '#http/public-handler.ts';

const DOCUMENT_PATH = '/openapi.json';

/** The last document served: bases rarely change, and the Host header is client-controlled, so one entry. */
let cached: { key: string; json: string } | undefined;

/**
 * GET /openapi.json: the generated OpenAPI 3.1 document, with `servers` and the discovery URL
 * naming the base URL the caller used (stage path and custom domain included).
 */
export const handler = publicHandler(async (request) => {
  const base = request.url.origin + request.url.pathname.slice(0, -DOCUMENT_PATH.length);
  const key = `${base} ${process.env.SANDBOX === '1' ? 'sandbox' : 'live'}`;
  if (cached?.key !== key) cached = { key, json: JSON.stringify(documentFor(base)) };
  const { json } = cached;
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' },
    raw: json,
  };
});

/** The document as seen from `base`; outside sandbox, without the `/sandbox/*` paths that are not served. */
function documentFor(base: string): typeof doc {
  const issuer = (process.env.ISSUER ?? base).replace(/\/$/, '');
  const schemes = doc.components.securitySchemes;
  const paths =
    process.env.SANDBOX === '1'
      ? doc.paths
      : Object.fromEntries(Object.entries(doc.paths).filter(([path]) => !path.startsWith('/sandbox/')));
  return {
    ...doc,
    paths: paths as typeof doc.paths,
    servers: [{ url: base, description: 'The server this document was fetched from.' }],
    components: {
      ...doc.components,
      securitySchemes: {
        ...schemes,
        OpenBanking: {
          ...schemes.OpenBanking,
          openIdConnectUrl: `${issuer}/.well-known/openid-configuration`,
        },
      },
    },
  };
}
