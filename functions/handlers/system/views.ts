import type { Bank } from '#domain/banks.ts';
import type { Schemas } from '#http/respond.ts';

/** Where the reference page loads Redoc from, under the same prefix as the page. */
export const DOCS_SCRIPT_PATH = '/docs/redoc.standalone.js';

/** A bank of the NAPAS BIN directory as `GET /v1/banks` lists it. */
export function bankView(bank: Bank): Schemas['Bank'] {
  return { Bin: bank.bin, ShortName: bank.shortName, Name: bank.name };
}

/** The reference page: Redoc rendering the document at `<prefix>/openapi.json`. */
export function docsPageView(prefix: string): string {
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
    <script src="${escaped}${DOCS_SCRIPT_PATH}"></script>
  </body>
</html>
`;
}
