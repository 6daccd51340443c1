import { publicHandler } from '#http/public-handler.ts';
import { readRedocScript } from '#use-cases/system/read-redoc-script.ts';
import { DOCS_SCRIPT_PATH, docsPageView } from './views.ts';

/**
 * Redoc's scripts compile JSON-schema validators with `new Function` and run search in a blob:
 * worker, hence `'unsafe-eval'` and `blob:`; everything else comes from this origin only.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * GET /docs: the API reference rendered by Redoc, and GET /docs/redoc.standalone.js: Redoc itself,
 * served from this origin rather than a CDN so the reference needs no third-party host.
 */
export const handler = publicHandler(async (request) => {
  if (request.route.path === DOCS_SCRIPT_PATH) {
    const script = readRedocScript();
    const headers = {
      'content-type': 'application/javascript; charset=utf-8',
      'cache-control': 'public, max-age=86400',
    };
    return { status: 200, headers, raw: script };
  }
  // The page sits at `<prefix>/docs`; the prefix is the API Gateway stage or a custom base path.
  const prefix = request.url.pathname.replace(/\/docs\/?$/, '');
  const headers = {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'public, max-age=300',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'referrer-policy': 'no-referrer',
  };
  return { status: 200, headers, raw: docsPageView(prefix) };
});
