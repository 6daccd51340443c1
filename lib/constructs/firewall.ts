import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { SourceLimit } from '../../functions/routing/limits.ts';

export interface FirewallProps {
  /** The API stage the web ACL protects. */
  stage: Stage;
  /** Its name, as text: the path prefix of the default execute-api URL. */
  stageName: string;
  /** Per-source rate limits (the local gateway counts the same ones). */
  sourceLimits: readonly SourceLimit[];
}

/** The body WAF answers a rate-limited request with: the contract's envelope (no interaction id: no handler ran). */
export const RATE_LIMITED_BODY = {
  Code: '429',
  Id: 'waf',
  Message: 'This address sent too many requests to this endpoint; retry after the Retry-After seconds.',
  Errors: [
    {
      ErrorCode: 'VN.OB.Request.RateLimited',
      Message: 'This address sent too many requests to this endpoint; retry after the Retry-After seconds.',
    },
  ],
};

/**
 * A regional WAF web ACL on the API stage: one rate-based rule per source limit (requests per
 * source IP in a window, on the OAuth endpoints and sign-in), answered 429 in the contract's
 * envelope with `Retry-After` and `RateLimit-*`, before API Gateway or any Lambda sees the
 * request; then AWS's IP reputation list. The paths match with and without the stage prefix
 * (the default execute-api URL carries it, a custom domain does not).
 */
export class Firewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: FirewallProps) {
    super(scope, id);
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    const none = [{ priority: 0, type: 'NONE' }];
    const stagePrefix = `^(/${props.stageName})?`;
    const rateRules = props.sourceLimits.map(
      (limit, index): CfnWebACL.RuleProperty => ({
        name: limit.name,
        priority: index,
        action: {
          block: {
            customResponse: {
              responseCode: 429,
              customResponseBodyKey: 'RateLimited',
              responseHeaders: [
                { name: 'Retry-After', value: String(limit.windowSeconds) },
                { name: 'RateLimit-Limit', value: String(limit.limit) },
                { name: 'RateLimit-Remaining', value: '0' },
                { name: 'RateLimit-Reset', value: String(limit.windowSeconds) },
              ],
            },
          },
        },
        statement: {
          rateBasedStatement: {
            limit: limit.limit,
            evaluationWindowSec: limit.windowSeconds,
            aggregateKeyType: 'IP',
            scopeDownStatement: {
              andStatement: {
                statements: [
                  {
                    byteMatchStatement: {
                      fieldToMatch: { method: {} },
                      positionalConstraint: 'EXACTLY',
                      searchString: limit.method,
                      textTransformations: none,
                    },
                  },
                  {
                    regexMatchStatement: {
                      fieldToMatch: { uriPath: {} },
                      regexString: stagePrefix + limit.path.replace(/^\^/, ''),
                      textTransformations: none,
                    },
                  },
                ],
              },
            },
          },
        },
        visibilityConfig: visibility(`RateLimit${limit.name}`),
      }),
    );
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      description: 'Per-source rate limits on the OAuth endpoints and sign-in; known bad addresses',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('OpenBankingApi'),
      customResponseBodies: {
        RateLimited: { contentType: 'APPLICATION_JSON', content: JSON.stringify(RATE_LIMITED_BODY) },
      },
      rules: [
        ...rateRules,
        {
          name: 'IpReputation',
          priority: rateRules.length,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesAmazonIpReputationList' },
          },
          visibilityConfig: visibility('IpReputation'),
        },
      ],
    });
    new CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
