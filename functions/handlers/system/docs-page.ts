import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { apiHandler } from '#http/handler.ts';
import type { ApiResponse } from '#http/request.ts';

const SCRIPT_ROUTE = '/docs/redoc.standalone.js';

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
export const handler = apiHandler({}, async (request): Promise<ApiResponse> => {
  if (request.event.resource === SCRIPT_ROUTE) {
    return {
      status: 200,
      headers: {
        'content-type': 'application/javascript; charset=utf-8',
        'cache-control': 'public, max-age=86400',
      },
      raw: await redocScript(),
    };
  }
  // The page sits at `<prefix>/docs`; the prefix is the API Gateway stage or a custom base path.
  const prefix = request.url.pathname.replace(/\/docs\/?$/, '');
  return {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'referrer-policy': 'no-referrer',
    },
    raw: docsPage(prefix),
  };
});

/** The reference page: Redoc rendering the document at `<prefix>/openapi.json`. */
export function docsPage(prefix: string): string {
  const escaped = prefix.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Open Banking API reference</title>
    <style>body { margin: 0; padding: 0; }</style>
  </head>
  <body>
    <redoc spec-url="${escaped}/openapi.json" expand-responses="200,201" required-props-first="true"></redoc>
    <script src="${escaped}${SCRIPT_ROUTE}"></script>
  </body>
</html>
`;
}

let script: Promise<string> | undefined;

/** Redoc's bundle, read once per cold start. */
function redocScript(): Promise<string> {
  script ??= loadRedocScript().catch((error: unknown) => {
    script = undefined; // a failed read is retried by the next request
    throw error;
  });
  return script;
}

/**
 * Deployed, the CDK copies the bundle beside this handler's own (lib/bundle-files.ts);
 * locally, it is read from the installed `redoc` package.
 */
async function loadRedocScript(): Promise<string> {
  try {
    return await readFile(fileURLToPath(new URL('./redoc.standalone.js', import.meta.url)), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return readFile(createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js'), 'utf8');
}
