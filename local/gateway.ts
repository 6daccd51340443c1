import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, Handler } from 'aws-lambda';
import { errorResponse } from '../functions/http/error-response.ts';
import { HttpError } from '../functions/http/errors.ts';
import { bodyLimitOf, interactionIdFrom } from '../functions/http/parse-request.ts';
import { activeRoutes, type Route } from '../functions/routing/routes.ts';
import { GatewayLimits, type LimitsOptions, type RunningLimits } from './rate-limits.ts';
import { answerClientError, MAX_HEADER_BYTES, requestTarget } from './request-framing.ts';
import { routeMatcher } from './route-matcher.ts';

const functionsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'functions');

export interface GatewayOptions {
  port?: number;
  host?: string;
  sandbox?: boolean;
  routes?: Route[];
  /**
   * Per-client and per-source request limits, as AWS enforces them before a Lambda runs
   * (`functions/routing/limits.ts`); `false` serves without limits. Default: the platform's.
   */
  limits?: LimitsOptions | false;
  /** Runs each handler invocation inside `invoke` (tests attribute work to the route that did it). */
  around?: (route: Route, invoke: () => Promise<APIGatewayProxyResult>) => Promise<APIGatewayProxyResult>;
}

export interface RunningGateway {
  url: string;
  server: Server;
  /** The request limits in force, unless the gateway was started without them. */
  limits: RunningLimits | undefined;
  close(): Promise<void>;
}

type ApiHandler = Handler<APIGatewayProxyEvent, APIGatewayProxyResult>;

/**
 * The local stand-in for API Gateway: turns each HTTP request into a REST (payload v1)
 * proxy event and calls the very handler CDK deploys, chosen from the shared route table.
 */
export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const routes = options.routes ?? activeRoutes(options.sandbox ?? true);
  const lookup = routeMatcher(routes);
  const handlers = new Map<string, Promise<ApiHandler>>();
  const load = (name: string) => {
    if (!handlers.has(name)) {
      const url = pathToFileURL(join(functionsDir, `${name}.ts`)).href;
      handlers.set(
        name,
        import(url).then((mod: { handler: ApiHandler }) => mod.handler),
      );
    }
    return handlers.get(name)!;
  };

  const limits = options.limits === false ? undefined : await GatewayLimits.start(options.limits);
  const around = options.around ?? ((_route, invoke) => invoke());
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    serve(req, res, lookup, load, { limits, around }).catch((error) => {
      // Only a gateway bug lands here; answer like API Gateway would.
      console.error('local gateway failure', error);
      if (!res.headersSent) send(res, errorResponse(error, randomUUID()));
    });
  });
  server.on('clientError', answerClientError);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://${host}:${port}`,
    server,
    limits,
    close: () =>
      new Promise((resolve) => {
        limits?.stop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  lookup: ReturnType<typeof routeMatcher>,
  load: (name: string) => Promise<ApiHandler>,
  serving: { limits: GatewayLimits | undefined; around: NonNullable<GatewayOptions['around']> },
): Promise<void> {
  const url = requestTarget(req.url);
  const requestId = randomUUID();
  const interactionId = interactionIdFrom(req.headers['x-fapi-interaction-id']);
  const found = lookup(req.method ?? 'GET', url.pathname);
  if (found.kind !== 'found') {
    req.resume();
    const error =
      found.kind === 'none'
        ? new HttpError(
            404,
            'VN.OB.Route.NotFound',
            `No route ${url.pathname}. See /openapi.json for the API.`,
          )
        : new HttpError(
            405,
            'VN.OB.Route.MethodNotAllowed',
            `${req.method} is not allowed here; use ${found.allowed.join(', ')}.`,
            { allow: found.allowed.join(', ') },
          );
    return send(res, errorResponse(error, interactionId));
  }
  // Counted before the body is read or any handler runs, as API Gateway and WAF do.
  const refused = await serving.limits?.check(found.match.route, req, url.pathname);
  if (refused) {
    req.resume();
    return send(res, errorResponse(refused, interactionId));
  }
  const limit = bodyLimitOf(found.match.route);
  const body = await readBody(req, limit);
  if (body === 'too-large') {
    return send(
      res,
      errorResponse(
        new HttpError(413, 'VN.OB.Request.TooLarge', `The body exceeds ${limit} bytes.`),
        interactionId,
      ),
    );
  }
  const event = toEvent(req, url, found.match.route, found.match.pathParameters, body, requestId);
  const handler = await load(found.match.route.handler);
  const result = await serving.around(
    found.match.route,
    async () =>
      (await handler(
        event,
        lambdaContext(found.match.route.handler, requestId),
        () => {},
      )) as APIGatewayProxyResult,
  );
  send(res, result);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const TEXTUAL = /^(application\/(json|[\w.+-]*\+json|x-www-form-urlencoded|xml|javascript)|text\/)/i;

/** The API Gateway REST proxy event (payload version 1.0) for this request. */
export function toEvent(
  req: IncomingMessage,
  url: URL,
  route: Route,
  pathParameters: Record<string, string> | null,
  body: Buffer,
  requestId: string,
): APIGatewayProxyEvent {
  // Maps without a prototype: a header or query parameter named `constructor` or `__proto__` is
  // one more name, not an inherited property (`append` would find a function to push to).
  const headers: Record<string, string> = Object.create(null);
  const multiValueHeaders: Record<string, string[]> = Object.create(null);
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    const value = req.rawHeaders[i + 1]!;
    headers[name] = value;
    append(multiValueHeaders, name, value);
  }
  // What API Gateway adds in front of every integration.
  const forwarded = {
    'X-Forwarded-For': req.socket.remoteAddress ?? '127.0.0.1',
    'X-Forwarded-Proto': 'http',
    'X-Forwarded-Port': String(req.socket.localPort ?? ''),
  };
  for (const [name, value] of Object.entries(forwarded)) {
    headers[name] = value;
    multiValueHeaders[name] = [value];
  }
  const query: Record<string, string> = Object.create(null);
  const multiQuery: Record<string, string[]> = Object.create(null);
  for (const [name, value] of url.searchParams) {
    query[name] = value;
    append(multiQuery, name, value);
  }
  const textual = body.length === 0 || TEXTUAL.test(String(req.headers['content-type'] ?? 'text/plain'));
  const now = Date.now();
  return {
    resource: route.path,
    path: url.pathname,
    httpMethod: req.method ?? 'GET',
    headers,
    multiValueHeaders,
    queryStringParameters: url.searchParams.size ? query : null,
    multiValueQueryStringParameters: url.searchParams.size ? multiQuery : null,
    pathParameters,
    stageVariables: null,
    body: body.length ? (textual ? body.toString('utf8') : body.toString('base64')) : null,
    isBase64Encoded: !textual,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      authorizer: null,
      protocol: `HTTP/${req.httpVersion}`,
      httpMethod: req.method ?? 'GET',
      identity: localIdentity(
        req.socket.remoteAddress ?? '127.0.0.1',
        String(req.headers['user-agent'] ?? ''),
      ),
      path: url.pathname,
      stage: 'local',
      requestId,
      requestTimeEpoch: now,
      resourceId: 'local',
      resourcePath: route.path,
      domainName: String(req.headers.host ?? 'localhost'),
    },
  };
}

function append(map: Record<string, string[]>, name: string, value: string): void {
  const values = map[name] ?? [];
  values.push(value);
  map[name] = values;
}

function localIdentity(
  sourceIp: string,
  userAgent: string,
): APIGatewayProxyEvent['requestContext']['identity'] {
  return {
    accessKey: null,
    accountId: null,
    apiKey: null,
    apiKeyId: null,
    caller: null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp,
    user: null,
    userAgent,
    userArn: null,
  };
}

function lambdaContext(functionName: string, awsRequestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 29_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

function send(res: ServerResponse, result: APIGatewayProxyResult): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {}))
    headers[name] = values.map(String);
  const body = result.isBase64Encoded
    ? Buffer.from(result.body, 'base64')
    : Buffer.from(result.body ?? '', 'utf8');
  res.writeHead(result.statusCode, headers);
  res.end(body);
}
