import { RemovalPolicy } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';

/** The variable through which the authorization server finds its signing keys. */
export const SIGNING_KEYS_ENV = 'SIGNING_KEYS_SECRET_ARN';

/**
 * The authorization server's private signing keys. The stack creates the secret empty of
 * real keys; operators load the keys after the first deploy (see the README), so no key
 * material ever passes through CloudFormation or the template.
 */
export class SigningKeys extends Construct {
  readonly secret: Secret;
  readonly #envVar: string;

  /**
   * `envVar` names the variable a bound function finds the secret by: the provider's keys by
   * default; the document keys (receipts, checkout results) live in a secret of their own.
   */
  constructor(scope: Construct, id: string, options: { envVar?: string; description?: string } = {}) {
    super(scope, id);
    this.#envVar = options.envVar ?? SIGNING_KEYS_ENV;
    this.secret = new Secret(this, 'Secret', {
      description:
        options.description ?? 'Private JWKS the authorization server signs tokens and ID tokens with',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.secret,
      'AwsSolutions-SMG4',
      'Signing keys roll over by a key-rollover procedure (publish the new public key in the JWKS, sign with it later, keep the old one until issued tokens expire), which a generic Secrets Manager rotation function cannot perform.',
    );
  }

  /** Tells the function where the keys are and lets it read them, nothing more. */
  bind(fn: LambdaFunction): void {
    fn.addEnvironment(this.#envVar, this.secret.secretArn);
    this.secret.grantRead(fn);
  }
}
