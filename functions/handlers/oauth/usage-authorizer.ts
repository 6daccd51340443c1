import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { usageKeyOf } from '#domain/rate-limits.ts';
import { identifyClient } from '#use-cases/access/identify-client.ts';

/**
 * API Gateway's Lambda authorizer (TOKEN, identity source `Authorization`) in front of every
 * route that takes an access token. It does not authorise: the handler's chain still checks
 * the DPoP proof, scope and consent. It names the client whose usage plan counts the request:
 * the verified token's `client_id`, as the API key value `usageKeyOf(clientId)` (the API's key
 * source is AUTHORIZER), so API Gateway applies that client's rate, burst and daily quota before
 * any handler runs. API Gateway caches the answer by token (`AUTHORIZER_CACHE_SECONDS`), so a
 * repeat call runs no authorizer at all; a first call verifies the JWT against the cached JWKS
 * and reads no storage. A request without a verifiable token is answered 401 by API Gateway.
 */
export async function handler(event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  const clientId = await identifyClient(event.authorizationToken);
  // API Gateway's own way of answering 401: its UNAUTHORIZED gateway response, in our envelope.
  if (!clientId) throw new Error('Unauthorized');
  return {
    principalId: clientId,
    usageIdentifierKey: await usageKeyOf(clientId),
    policyDocument: {
      Version: '2012-10-17',
      // The answer is cached per token for every method, so it allows the whole stage.
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stageWide(event.methodArn) }],
    },
    context: { clientId },
  };
}

/** `arn:…:api/stage/GET/v1/x` → `arn:…:api/stage/*`: every method and path of the stage. */
function stageWide(methodArn: string): string {
  const [apiArn, stage] = methodArn.split('/');
  return `${apiArn}/${stage}/*`;
}
