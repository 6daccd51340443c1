import type { APIGatewayProxyEvent } from 'aws-lambda';

/**
 * The URL the client called. Behind API Gateway the stage is part of the public path;
 * `PUBLIC_BASE_URL` (set locally and on custom domains) wins when present.
 */
export function publicUrl(event: APIGatewayProxyEvent): URL {
  const base = process.env.PUBLIC_BASE_URL ?? defaultBase(event);
  const url = new URL(base.replace(/\/$/, '') + event.path);
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    for (const value of values ?? []) url.searchParams.append(name, value);
  }
  return url;
}

function defaultBase(event: APIGatewayProxyEvent): string {
  const host = event.headers?.Host ?? event.headers?.host ?? event.requestContext.domainName ?? 'localhost';
  const stage =
    event.requestContext.stage && host.includes('.execute-api.') ? `/${event.requestContext.stage}` : '';
  return `https://${host}${stage}`;
}
