import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_LIMITS, SOURCE_LIMITS } from '../../functions/routing/limits.ts';
import { activeRoutes } from '../../functions/routing/routes.ts';
import { workers } from '../../functions/routing/workers.ts';
import { usageChangesOf } from '../../functions/store/usage-changes.ts';
import { RATE_LIMITED_BODY } from '../../lib/constructs/firewall.ts';
import { gatewayAnswers } from '../../lib/constructs/gateway-answers.ts';
import { type CfnJson, functionsByHandler, synthFast } from './template-helpers.ts';

/**
 * Per-client limits in AWS: usage plans counted by API key, the key named by the Lambda
 * authorizer from the verified token (key source AUTHORIZER), on exactly the routes that take a
 * token; per-source limits by a WAF web ACL on the stage; API Gateway's own 429 and 401 in the
 * contract's envelope; and the stream worker that keeps each client's key in its plan.
 */
describe.each([false, true])('per-client and per-source limits in AWS (sandbox: %s)', (sandbox) => {
  const { template, resources } = synthFast({ sandbox });
  const routes = activeRoutes(sandbox);
  const functions = functionsByHandler(resources);
  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
  /** The one resource of a type, as [logical id, resource]. */
  const only = (type: string): [string, CfnJson] => {
    const found = ofType(type);
    if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
    return found[0]!;
  };

  it('takes API keys from the authorizer and requires one exactly on the routes that take a token', () => {
    // Prepare
    const [, api] = only('AWS::ApiGateway::RestApi');
    const methods = ofType('AWS::ApiGateway::Method').map(([, method]) => method.Properties);
    const [authorizerId, { Properties: authorizer }] = only('AWS::ApiGateway::Authorizer');

    // Act
    const keyed = methods.filter((method) => method.ApiKeyRequired === true);
    const protectedRoutes = routes.filter((route) => route.caller);

    // Assess
    expect(api.Properties.ApiKeySourceType).toBe('AUTHORIZER');
    expect(keyed).toHaveLength(protectedRoutes.length);
    for (const method of keyed) {
      expect(method).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId } });
    }
    for (const method of methods.filter((method) => method.ApiKeyRequired !== true)) {
      expect(method.AuthorizationType).toBe('NONE');
    }
    expect(authorizer).toMatchObject({
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 300,
      IdentityValidationExpression: expect.stringContaining('[Dd][Pp][Oo][Pp]'),
    });
    const uri = JSON.stringify(authorizer.AuthorizerUri);
    expect(uri).toContain(functions.get('handlers/oauth/usage-authorizer'));
  });

  it('counts every client under the default plan: its rate, burst and daily quota, on this stage', () => {
    // Prepare
    const plans = ofType('AWS::ApiGateway::UsagePlan').map(([, plan]) => plan.Properties);

    // Act
    const [plan] = plans;

    // Assess
    expect(plans).toHaveLength(1);
    expect(plan).toMatchObject({
      Throttle: { RateLimit: DEFAULT_CLIENT_LIMITS.ratePerSecond, BurstLimit: DEFAULT_CLIENT_LIMITS.burst },
      Quota: { Limit: DEFAULT_CLIENT_LIMITS.dailyQuota, Period: 'DAY' },
      ApiStages: [expect.objectContaining({ Stage: { Ref: expect.stringMatching(/Stage/) } })],
    });
  });

  it("answers API Gateway's own refusals in the contract's envelope, 429 with Retry-After", () => {
    // Prepare
    const answers = ofType('AWS::ApiGateway::GatewayResponse').map(([, answer]) => answer.Properties);

    // Act
    const byType = new Map(answers.map((answer) => [answer.ResponseType, answer]));

    // Assess
    for (const expected of Object.values(gatewayAnswers())) {
      const answer = byType.get(expected.type);
      expect(answer, expected.type).toMatchObject({ StatusCode: String(expected.status) });
      const body = JSON.parse(answer.ResponseTemplates['application/json']);
      expect(body).toEqual({
        Code: String(expected.status),
        Id: '$context.requestId',
        Message: expected.message,
        Errors: [{ ErrorCode: expected.code, Message: expected.message }],
      });
    }
    for (const type of ['THROTTLED', 'QUOTA_EXCEEDED']) {
      expect(byType.get(type).StatusCode).toBe('429');
      expect(byType.get(type).ResponseParameters).toMatchObject({
        'gatewayresponse.header.Retry-After': expect.stringMatching(/^'\d+'$/),
        'gatewayresponse.header.RateLimit-Remaining': "'0'",
      });
    }
    expect(byType.get('UNAUTHORIZED').ResponseParameters['gatewayresponse.header.WWW-Authenticate']).toMatch(
      /DPoP error="invalid_token"/,
    );
  });

  it('limits each source IP on the OAuth endpoints and sign-in with WAF, before API Gateway', () => {
    // Prepare
    const [aclId, acl] = only('AWS::WAFv2::WebACL');
    const [, association] = only('AWS::WAFv2::WebACLAssociation');
    const rules = new Map<string, CfnJson>(acl.Properties.Rules.map((rule: CfnJson) => [rule.Name, rule]));
    const stage = sandbox ? 'sandbox' : 'live';

    // Act + Assess
    expect(acl.Properties.Scope).toBe('REGIONAL');
    expect(association.Properties.WebACLArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    expect(JSON.stringify(association.Properties.ResourceArn)).toContain(`/stages/`);
    for (const limit of SOURCE_LIMITS) {
      const rule = rules.get(limit.name);
      const rate = rule.Statement.RateBasedStatement;
      expect(rate).toMatchObject({
        Limit: limit.limit,
        EvaluationWindowSec: limit.windowSeconds,
        AggregateKeyType: 'IP',
      });
      const [method, path] = rate.ScopeDownStatement.AndStatement.Statements;
      expect(method.ByteMatchStatement.SearchString).toBe(limit.method);
      const pattern = new RegExp(path.RegexMatchStatement.RegexString);
      expect(rule.Action.Block.CustomResponse).toMatchObject({
        ResponseCode: 429,
        CustomResponseBodyKey: 'RateLimited',
      });
      expect(rule.Action.Block.CustomResponse.ResponseHeaders).toEqual(
        expect.arrayContaining([
          { Name: 'Retry-After', Value: String(limit.windowSeconds) },
          { Name: 'RateLimit-Limit', Value: String(limit.limit) },
        ]),
      );
      // The same paths match with the stage in front (execute-api URL) and without (custom domain).
      const sample = limit.name === 'SignIn' ? '/account/login' : '/oauth2/token';
      expect(pattern.test(sample), limit.name).toBe(true);
      expect(pattern.test(`/${stage}${sample}`), limit.name).toBe(true);
      expect(pattern.test('/v1/aisp/accounts'), limit.name).toBe(false);
    }
    expect(
      new RegExp(
        rules.get('OAuthEndpoints').Statement.RateBasedStatement.ScopeDownStatement.AndStatement.Statements[1]
          .RegexMatchStatement.RegexString,
      ).test('/oauth2/par'),
    ).toBe(true);
    expect(
      new RegExp(
        rules.get('SignIn').Statement.RateBasedStatement.ScopeDownStatement.AndStatement.Statements[1]
          .RegexMatchStatement.RegexString,
      ).test('/interaction/Abc-123_x/login'),
    ).toBe(true);
    expect(JSON.parse(acl.Properties.CustomResponseBodies.RateLimited.Content)).toEqual(RATE_LIMITED_BODY);
    expect(RATE_LIMITED_BODY.Errors[0]!.ErrorCode).toBe('VN.OB.Request.RateLimited');
  });

  it('feeds the usage-plan worker only registered clients and operators’ limits from the stream', () => {
    // Prepare
    const worker = workers.find((w) => w.handler === 'workers/usage-plans')!;
    const [, mapping] = ofType('AWS::Lambda::EventSourceMapping').find(
      ([, resource]) => resource.Properties.FunctionName.Ref === functions.get('workers/usage-plans'),
    )!;

    // Act
    const patterns = mapping.Properties.FilterCriteria.Filters.map((filter: CfnJson) =>
      JSON.parse(filter.Pattern),
    );

    // Assess
    expect(mapping.Properties.FunctionName).toEqual({ Ref: functions.get('workers/usage-plans') });
    expect(patterns).toEqual([
      { dynamodb: { Keys: { pk: { S: worker.onTableChanges!.map((prefix) => ({ prefix })) } } } },
    ]);
    expect(mapping.Properties.DestinationConfig.OnFailure.Destination).toBeDefined();
    const variables = resources[functions.get('workers/usage-plans')!]!.Properties.Environment.Variables;
    expect(Object.keys(variables)).toEqual(
      expect.arrayContaining(['REST_API_ID', 'STAGE_NAME', 'DEFAULT_USAGE_PLAN_ID']),
    );
    expect(variables.TABLE_NAME).toBeUndefined();
  });

  it('creates no API key in the template: keys are made per registered client at run time', () => {
    expect(template.findResources('AWS::ApiGateway::ApiKey')).toEqual({});
  });
});

describe('the usage-plan worker reads the table changes that matter', () => {
  const image = (fields: Record<string, string | number>) =>
    Object.fromEntries(
      Object.entries(fields).map(([name, value]) => [
        name,
        typeof value === 'number' ? { N: String(value) } : { S: value },
      ]),
    );
  const keysOf = (pk: string, sk: string) => ({ pk: { S: pk }, sk: { S: sk } });

  it('turns registrations, deletions and operators’ limits into changes, and ignores everything else', () => {
    // Prepare
    const records = [
      { eventName: 'INSERT' as const, dynamodb: { Keys: keysOf('OIDC#Client#c1', 'OIDC') } },
      { eventName: 'MODIFY' as const, dynamodb: { Keys: keysOf('OIDC#Client#c1', 'OIDC') } },
      { eventName: 'REMOVE' as const, dynamodb: { Keys: keysOf('OIDC#Client#c2', 'OIDC') } },
      {
        eventName: 'INSERT' as const,
        dynamodb: {
          Keys: keysOf('CLIENTLIMITS', 'CLIENT#c1'),
          NewImage: image({
            clientId: 'c1',
            ratePerSecond: 20,
            burst: 40,
            dailyQuota: 50_000,
            updatedAt: 'now',
          }),
        },
      },
      { eventName: 'REMOVE' as const, dynamodb: { Keys: keysOf('CLIENTLIMITS', 'CLIENT#c3') } },
      { eventName: 'INSERT' as const, dynamodb: { Keys: keysOf('OIDC#Grant#g1', 'OIDC') } },
      { eventName: 'INSERT' as const, dynamodb: { Keys: keysOf('ACCOUNT#a1', 'ACCOUNT') } },
    ];

    // Act
    const changes = usageChangesOf(records);

    // Assess
    expect(changes).toEqual([
      { kind: 'client-registered', clientId: 'c1' },
      { kind: 'client-deleted', clientId: 'c2' },
      { kind: 'limits-set', clientId: 'c1', limits: { ratePerSecond: 20, burst: 40, dailyQuota: 50_000 } },
      { kind: 'limits-cleared', clientId: 'c3' },
    ]);
  });
});
