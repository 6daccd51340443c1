import { RemovalPolicy, Size } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Route } from '../../functions/routing/routes.ts';
import { acknowledge } from '../nag.ts';

export interface RouteApiProps {
  routes: Route[];
  /** The function serving each route's handler. */
  functionFor: (handler: string) => IFunction;
  stageName: string;
  /** Steady-state requests per second across the stage. */
  rateLimit: number;
  burstLimit: number;
}

/**
 * The public REST API (API Gateway v1), built from the shared route table: nested
 * resources from each path (`{Param}`, `{proxy+}`), one Lambda proxy method per route.
 * Authorization happens in the handlers (FAPI 2.0: DPoP-bound tokens, consent binding),
 * and so does input validation, so every error keeps the Open Banking envelope.
 */
export class RouteApi extends Construct {
  readonly api: RestApi;
  readonly accessLogs: LogGroup;

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
    for (const route of props.routes) {
      const resource = route.path === '/' ? this.api.root : this.api.root.resourceForPath(route.path);
      resource.addMethod(route.method, integrationFor(route.handler), {
        authorizationType: AuthorizationType.NONE,
      });
    }
    this.acknowledgeDesignChoices();
  }

  private acknowledgeDesignChoices(): void {
    const handlersAuthorize =
      'Authorization is done by the handlers, per FAPI 2.0: DPoP-bound access tokens from the platform’s own authorization server, scopes and consent binding. API Gateway authorizers (Cognito, IAM, Lambda) cannot verify DPoP proofs or consents; discovery, health, the bank directory and the docs are public by design.';
    acknowledge(this.api, 'AwsSolutions-APIG4', handlersAuthorize);
    acknowledge(this.api, 'AwsSolutions-COG4', handlersAuthorize);
    acknowledge(
      this.api,
      'AwsSolutions-APIG2',
      'Handlers validate every request themselves so that each rejection carries the Open Banking error envelope with a field path (UK.OBIE.Field.Invalid, Data.InstructedAmount.Amount); API Gateway models would answer in their own format.',
    );
    acknowledge(
      this.api,
      'AwsSolutions-APIG3',
      'No WAF yet: the stage throttles every method, and the WebACL (managed rule sets, IP reputation, per-client rate rules) belongs to the bank’s perimeter design and its cost decision; attach it to this stage when that is set.',
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
