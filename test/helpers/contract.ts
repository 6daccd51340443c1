import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import ajv2020 from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import document from '../../openapi/generated/openapi.json' with { type: 'json' };

/**
 * Checks API responses against the contract (openapi/openapi.yaml, bundled as
 * openapi/generated/openapi.json) with Ajv's JSON Schema 2020-12, the dialect of OpenAPI 3.1.
 * The response schema is found by the documented path template that matches, the method and
 * the status; answers of paths or methods the document does not have must still be the
 * `ErrorResponse` envelope.
 */

/** A response as it left the server. */
export interface ObservedResponse {
  method: string;
  /** The request's path, without query. */
  path: string;
  status: number;
  contentType: string | undefined;
  body: string;
}

/** The authorization server's endpoints: described by discovery, not by the API document. */
const AUTHORIZATION_SERVER = /^\/(oauth2|\.well-known|interaction)(\/|$)/;
const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

type Content = Record<string, { schema?: unknown }>;
interface ResponseObject {
  $ref?: string;
  content?: Content;
}
type Operation = { responses: Record<string, ResponseObject> };
type PathItem = Partial<Record<(typeof METHODS)[number], Operation>>;

const paths = document.paths as unknown as Record<string, PathItem>;
const CONTRACT = 'openapi.json';

const ajv = new ajv2020.default({ strict: true, strictTypes: false, allErrors: true });
ajvFormats.default(ajv);
// OpenAPI's own schema keywords, and the document's top-level fields (Ajv compiles the document
// as the root of every schema in it); any other unknown keyword stays a strict-mode error.
ajv.addVocabulary(['discriminator', 'xml', 'externalDocs', 'example', ...Object.keys(document)]);
ajv.addSchema(document as object, CONTRACT);

/** Path templates, the most literal first: `/a/{Id}/b` before `/a/{Id}/{Other}`. */
const templates = Object.keys(paths)
  .map((template) => ({
    template,
    pattern: new RegExp(
      `^${template
        .split(/(\{[^}]+\})/)
        .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('')}$`,
    ),
    parameters: (template.match(/\{/g) ?? []).length,
  }))
  .sort((a, b) => a.parameters - b.parameters);

/** The documented path template a request path matches, if any. */
export function templateOf(path: string): string | undefined {
  return templates.find(({ pattern }) => pattern.test(path))?.template;
}

/**
 * What is wrong with a response, as one line naming method, path, status and the mismatch;
 * undefined when it keeps the contract or is not the API document's to judge (the authorization
 * server, HTML pages, images, scripts).
 */
export function contractViolation(response: ObservedResponse): string | undefined {
  if (AUTHORIZATION_SERVER.test(response.path)) return undefined;
  const mediaType = response.contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const hasBody = response.body.length > 0;

  const template = templateOf(response.path);
  const method = response.method.toLowerCase() as (typeof METHODS)[number];
  const operation = template ? paths[template]?.[method] : undefined;
  const where = `${response.method} ${response.path}${template && template !== response.path ? ` (${template})` : ''} → ${response.status}`;
  const fail = (problem: string) => `${where}: ${problem}`;

  if (hasBody && !JSON_MEDIA.test(mediaType)) {
    // Not JSON (a page, a CSV, an image): a documented operation must list the status and the
    // media type; the customer pages and the checkout are not the API document's.
    if (!operation) return undefined;
    const key = responseKey(operation, response.status);
    if (!key) return fail(`status ${response.status} is not documented for ${response.method} ${template}`);
    const documented = operation.responses[key]!;
    const content = (documented.$ref ? (resolve(documented.$ref.slice(1)) as ResponseObject) : documented)
      .content;
    const described = Object.keys(content ?? {});
    if (described.some((name) => name.toLowerCase() === mediaType || name === '*/*')) return undefined;
    return fail(
      `a ${mediaType || 'untyped'} body, but the document describes ${described.join(', ') || 'no body'}`,
    );
  }

  let pointer: string;
  if (!operation) {
    // No such operation (an unknown path, a method the path does not take, a customer page):
    // a JSON answer may only be the error envelope. Bodiless answers (redirects) are not the API's.
    if (!hasBody) return undefined;
    if (response.status < 400) {
      return fail(`the document has no operation ${response.method} ${template ?? response.path}`);
    }
    pointer = '/components/schemas/ErrorResponse';
  } else {
    const key = responseKey(operation, response.status);
    if (!key) {
      return fail(
        `status ${response.status} is not documented for ${response.method} ${template} (documented: ${Object.keys(operation.responses).join(', ')})`,
      );
    }
    let at = `/paths/${pointerToken(template!)}/${method}/responses/${pointerToken(key)}`;
    let documented = operation.responses[key]!;
    if (documented.$ref) {
      at = documented.$ref.slice(1);
      documented = resolve(at) as ResponseObject;
    }
    const media = Object.keys(documented.content ?? {}).find((name) => JSON_MEDIA.test(name));
    if (!hasBody) {
      return media ? fail(`an empty body, but the document describes ${media}`) : undefined;
    }
    if (!media) {
      const described = Object.keys(documented.content ?? {});
      return fail(
        `a JSON body, but the document describes ${described.length ? described.join(', ') : 'no body'}`,
      );
    }
    pointer = `${at}/content/${pointerToken(media)}/schema`;
  }

  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch (error) {
    return fail(`the body is not valid JSON (${(error as Error).message})`);
  }
  const validate = ajv.getSchema(`${CONTRACT}#${pointer}`);
  if (!validate) return fail(`no schema at #${pointer} in the document`);
  if (validate(body)) return undefined;
  const errors = (validate.errors ?? [])
    .slice(0, 5)
    .map((error) => `${error.instancePath || '(body)'} ${error.message}${details(error.params)}`)
    .join('; ');
  return fail(`does not match #${decodeURIComponent(pointer)}: ${errors}`);
}

/** The key of `responses` that describes this status: exact, then `4XX`-style, then `default`. */
function responseKey(operation: Operation, status: number): string | undefined {
  const keys = [String(status), `${String(status)[0]}XX`, 'default'];
  return keys.find((key) => key in operation.responses);
}

function details(params: Record<string, unknown>): string {
  const interesting = Object.entries(params).filter(([name]) =>
    ['additionalProperty', 'allowedValues', 'missingProperty', 'pattern', 'format'].includes(name),
  );
  return interesting.length
    ? ` (${interesting.map(([name, value]) => `${name}: ${JSON.stringify(value)}`).join(', ')})`
    : '';
}

/** A JSON pointer token, as a URI fragment may carry it. */
function pointerToken(token: string): string {
  return encodeURIComponent(token.replaceAll('~', '~0').replaceAll('/', '~1'));
}

function resolve(pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (node, token) => (node as Record<string, unknown>)[token.replaceAll('~1', '/').replaceAll('~0', '~')],
      document,
    );
}

/**
 * Checks every response `server` sends against the contract, as it is sent (before the client
 * can read it), and reports each violation. Works on any `node:http` server, whoever the client:
 * fetch, oauth4webapi, raw `node:http` requests or a browser.
 */
export function checkResponses(server: Server, report: (violation: string) => void): void {
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let headers: OutgoingHttpHeaders = {};
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    const keep = (chunk: unknown, encoding: unknown) => {
      if (typeof chunk === 'string') chunks.push(Buffer.from(chunk, (encoding as BufferEncoding) ?? 'utf8'));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    };
    res.writeHead = ((...args: unknown[]) => {
      const given = args.find((arg) => typeof arg === 'object' && arg !== null && !Array.isArray(arg));
      if (given) headers = given as OutgoingHttpHeaders;
      return writeHead(...args);
    }) as ServerResponse['writeHead'];
    res.write = ((...args: unknown[]) => {
      keep(args[0], typeof args[1] === 'string' ? args[1] : undefined);
      return write(...args);
    }) as ServerResponse['write'];
    res.end = ((...args: unknown[]) => {
      if (typeof args[0] !== 'function') keep(args[0], typeof args[1] === 'string' ? args[1] : undefined);
      const observed: ObservedResponse = {
        method: req.method ?? 'GET',
        path: new URL(req.url ?? '/', 'http://local').pathname,
        status: res.statusCode,
        contentType: headerOf(headers, 'content-type') ?? headerOf(res.getHeaders(), 'content-type'),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      try {
        const violation = contractViolation(observed);
        if (violation) report(violation);
      } catch (error) {
        report(`${observed.method} ${observed.path} → ${observed.status}: could not be checked: ${error}`);
      }
      return end(...args);
    }) as ServerResponse['end'];
  });
}

function headerOf(headers: OutgoingHttpHeaders, name: string): string | undefined {
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return found === undefined ? undefined : String(found);
}

/** Throws one error listing every violation `violations` holds (and empties it), naming when they were sent. */
export function failOnViolations(violations: string[], when: string): void {
  const found = violations.splice(0);
  if (found.length === 0) return;
  throw new Error(
    `${found.length} response(s) sent ${when} break the contract (openapi/openapi.yaml):\n${found.map((v) => `- ${v}`).join('\n')}`,
  );
}
