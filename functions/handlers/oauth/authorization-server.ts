import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import serverless from 'serverless-http';
import { authorizationServer } from '../../authorization-server/app.ts';

const serve = serverless(authorizationServer());

/**
 * The authorization server's Lambda: discovery, `/oauth2/*` (PAR, authorize, token, JWKS,
 * registration, revocation, introspection) and the customer's `/interaction/*` pages.
 */
export async function handler(event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> {
  // serverless-http would turn a missing body into the text "null".
  return (await serve({ ...event, body: event.body ?? '' }, context)) as APIGatewayProxyResult;
}
