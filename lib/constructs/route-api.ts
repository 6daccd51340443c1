import { Aws, Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  ApiKeySourceType,
  AuthorizationType,
  EndpointType,
  IdentitySource,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  Period,
  ResponseType,
  RestApi,
  TokenAuthorizer,
  type UsagePlan,
} from 'aws-cdk-lib/aws-apigateway';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ClientLimits } from '../../functions/domain/rate-limits.ts';
import { AUTHORIZER_CACHE_SECONDS } from '../../functions/routing/limits.ts';
import type { Route } from '../../functions/routing/routes.ts';
import { acknowledge } from '../nag.ts';
import { gatewayAnswers } from './gateway-answers.ts';

export interface RouteApiProps {
  routes: Route[];
  /** The function serving each route's handler. */
  functionFor: (handler: string) => IFunction;
  stageName: string;
  /** Steady-state requests per second across the stage: a ceiling above every client's own limits. */
  rateLimit: number;
  burstLimit: number;
  /**
   * API Gateway's Lambda authorizer for the routes that take an access token: it names the
   * client whose usage plan counts the request (API key source AUTHORIZER).
   */
  usageAuthorizer: IFunction;
  /** The limits of the default usage plan: every client's, until an operator sets its own. */
  defaultClientLimits: ClientLimits;
}

/**
 * The public REST API (API Gateway v1), built from the shared route table: nested
 * resources from each path (`{Param}`, `{proxy+}`), one Lambda proxy method per route.
 * Authorization happens in the handlers (FAPI 2.0: DPoP-bound tokens, consent binding),
 * and so does input validation, so every error keeps the Open Banking envelope.
 *
 * Per-client limits are API Gateway's: every route with a `caller` policy requires an API key
 * taken from the usage authorizer (key source AUTHORIZER), one key per registered client, in
 * the default usage plan or in one of its own (`workers/usage-plans`). The authorizer's answer
 * is cached by token, so a repeat call runs no authorizer; over a limit, API Gateway answers
 * 429 in the contract's envelope before any handler runs.
 */
export class RouteApi extends Construct {
  readonly api: RestApi;
  readonly accessLogs: LogGroup;
  /** The usage plan every client's API key starts in. */
  readonly defaultUsagePlan: UsagePlan;

  constructor(scope: Construct, id: string, props: RouteApiProps) {
    super(scope, id);
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.api = new RestApi(this, 'Api', {
      description: 'Open banking API: accounts, payments, VietQR, bills, cash',
      endpointTypes: [EndpointType.REGIONAL],
      failOnWarnings: true,
      // Callers never send an API key: the usage authorizer names it from the verified token.
      apiKeySourceType: ApiKeySourceType.AUTHORIZER,
      // Large answers (the OpenAPI document, Redoc) go out compressed when the client asks.
      minCompressionSize: Size.kibibytes(1),
      // API Gateway writes any CloudWatch log only through the account's logging role.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: props.stageName,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: accessLogFormat(),
        // Execution logs for failures only, and never bodies: requests carry personal data.
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        tracingEnabled: true,
        throttlingRateLimit: props.rateLimit,
        throttlingBurstLimit: props.burstLimit,
      },
    });

    const integrations = new Map<string, LambdaIntegration>();
    const integrationFor = (handler: string) => {
      let integration = integrations.get(handler);
      if (!integration) {
        integration = new LambdaIntegration(props.functionFor(handler), { allowTestInvoke: false });
        integrations.set(handler, integration);
      }
      return integration;
    };
    let authorizer: TokenAuthorizer | undefined;
    // Made with the first route that takes a token (an authorizer no method uses fails synth).
    const usageAuthorizer = () => {
      authorizer ??= new TokenAuthorizer(this, 'ClientUsage', {
        handler: props.usageAuthorizer,
        identitySource: IdentitySource.header('Authorization'),
        // Anything but `DPoP <JWT>` is answered 401 by API Gateway without invoking the authorizer.
        validationRegex: '^[Dd][Pp][Oo][Pp] [A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
        resultsCacheTtl: Duration.seconds(AUTHORIZER_CACHE_SECONDS),
      });
      return authorizer;
    };
    for (const route of props.routes) {
      const resource = route.path === '/' ? this.api.root : this.api.root.resourceForPath(route.path);
      resource.addMethod(
        route.method,
        integrationFor(route.handler),
        route.caller
          ? {
              authorizationType: AuthorizationType.CUSTOM,
              authorizer: usageAuthorizer(),
              apiKeyRequired: true,
            }
          : { authorizationType: AuthorizationType.NONE },
      );
    }
    const limits = props.defaultClientLimits;
    this.defaultUsagePlan = this.api.addUsagePlan('DefaultClientLimits', {
      name: `${props.stageName}-default-client-limits`,
      description: 'Every registered client, until an operator sets its own limits',
      throttle: { rateLimit: limits.ratePerSecond, burstLimit: limits.burst },
      quota: { limit: limits.dailyQuota, period: Period.DAY },
      apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
    });
    for (const [id, answer] of Object.entries(gatewayAnswers())) {
      this.api.addGatewayResponse(id, {
        type: ResponseType.of(answer.type),
        statusCode: String(answer.status),
        responseHeaders: Object.fromEntries(
          Object.entries(answer.headers).map(([name, value]) => [name, `'${value}'`]),
        ),
        templates: { 'application/json': answer.template },
      });
    }
    this.acknowledgeDesignChoices();
  }

  /**
   * Lets a function keep clients' API keys in the right usage plans of this API: create and
   * delete keys and plans, add and remove keys. Key and plan ids are made at run time, so the
   * grant names every key and plan of the region; the function holds nothing else.
   */
  allowUsagePlanUpdates(fn: LambdaFunction): void {
    fn.addEnvironment('REST_API_ID', this.api.restApiId);
    fn.addEnvironment('STAGE_NAME', this.api.deploymentStage.stageName);
    fn.addEnvironment('DEFAULT_USAGE_PLAN_ID', this.defaultUsagePlan.usagePlanId);
    const arn = (path: string) => `arn:${Aws.PARTITION}:apigateway:${Aws.REGION}::${path}`;
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['apigateway:GET', 'apigateway:POST'],
        resources: [arn('/apikeys'), arn('/usageplans')],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['apigateway:GET', 'apigateway:POST', 'apigateway:PATCH', 'apigateway:DELETE'],
        resources: [
          arn('/apikeys/*'),
          arn('/usageplans/*'),
          arn('/usageplans/*/keys'),
          arn('/usageplans/*/keys/*'),
        ],
      }),
    );
    acknowledge(
      fn.role!,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:apigateway:<AWS::Region>::/apikeys/*]',
      'API keys are created per registered client at run time, so their ids cannot be named in advance; this function manages only keys and usage plans.',
    );
    acknowledge(
      fn.role!,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:apigateway:<AWS::Region>::/usageplans/*]',
      'A usage plan of its own is created per client whose limits an operator sets, at run time, so plan ids cannot be named in advance.',
    );
    acknowledge(
      fn.role!,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:apigateway:<AWS::Region>::/usageplans/*/keys]',
      'Adds a client key to the default plan or to the plan made for that client at run time; plan ids are not known in advance.',
    );
    acknowledge(
      fn.role!,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:apigateway:<AWS::Region>::/usageplans/*/keys/*]',
      'Removes a client key from a plan when its limits change; key and plan ids are made at run time.',
    );
  }

  private acknowledgeDesignChoices(): void {
    const handlersAuthorize =
      'Authorization is done by the handlers, per FAPI 2.0: DPoP-bound access tokens from the platform’s own authorization server, scopes and consent binding; the Lambda authorizer on token routes only names the client for its usage plan. The routes without it (discovery and OAuth endpoints, health, the bank directory, the docs, the customer’s pages) are public by design and limited per source IP by WAF.';
    acknowledge(this.api, 'AwsSolutions-APIG4', handlersAuthorize);
    acknowledge(this.api, 'AwsSolutions-COG4', handlersAuthorize);
    acknowledge(
      this.api,
      'AwsSolutions-APIG2',
      'Handlers validate every request themselves so that each rejection carries the Open Banking error envelope with a field path (UK.OBIE.Field.Invalid, Data.InstructedAmount.Amount); API Gateway models would answer in their own format.',
    );
    acknowledge(
      this.api,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      'The account-level role through which API Gateway writes access and execution logs; AWS documents this managed policy for it and keeps its actions current.',
    );
  }
}

/** One JSON object per request: who, what, how it ended, how long it took. */
function accessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: AccessLogField.contextRequestId(),
      extendedRequestId: AccessLogField.contextExtendedRequestId(),
      ip: AccessLogField.contextIdentitySourceIp(),
      userAgent: AccessLogField.contextIdentityUserAgent(),
      requestTime: AccessLogField.contextRequestTime(),
      httpMethod: AccessLogField.contextHttpMethod(),
      resourcePath: AccessLogField.contextResourcePath(),
      path: AccessLogField.contextPath(),
      protocol: AccessLogField.contextProtocol(),
      status: AccessLogField.contextStatus(),
      responseLength: AccessLogField.contextResponseLength(),
      responseLatency: AccessLogField.contextResponseLatency(),
      integrationLatency: AccessLogField.contextIntegrationLatency(),
      integrationStatus: AccessLogField.contextIntegrationStatus(),
      // The response type (THROTTLED, RESOURCE_NOT_FOUND, …), not the free-text message,
      // which may hold quotes and break the JSON line.
      errorType: AccessLogField.contextErrorResponseType(),
      xrayTraceId: AccessLogField.contextXrayTraceId(),
    }),
  );
}
