import type { APIGatewayProxyResult } from 'aws-lambda';
import { baseHeaders } from './headers.ts';
import type { ApiResponse } from './request.ts';

/** Serialises a handler's answer with the headers every response carries. */
export function toResult(response: ApiResponse, interactionId: string): APIGatewayProxyResult {
  const headers: Record<string, string> = { ...baseHeaders(interactionId), ...response.headers };
  if (response.raw !== undefined) return { statusCode: response.status, headers, body: response.raw };
  if (response.body === undefined) return { statusCode: response.status, headers, body: '' };
  headers['content-type'] ??= 'application/json; charset=utf-8';
  return { statusCode: response.status, headers, body: JSON.stringify(response.body) };
}
