import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueName } from '../../functions/routing/routes.ts';
import type { WorkerDefinition } from '../../functions/routing/workers.ts';
import { WEBHOOK_SECRETS_KEY_ENV } from '../../functions/runtime/webhook-secret-sealing.ts';
import { WEBHOOK_SIGNING_KEYS_ENV } from '../../functions/runtime/webhook-signing-keys.ts';
import { acknowledge } from '../nag.ts';
import { SigningKeys } from './signing-keys.ts';

/** The environment variable through which a function learns each queue's URL. */
const URL_VARIABLE: Record<QueueName, string> = {
  webhookDeliveries: 'WEBHOOK_QUEUE_URL',
  webhookDeadLetters: 'WEBHOOK_DEAD_LETTER_QUEUE_URL',
};

/** A delivery message received this many times without being processed goes to the dead-letter queue. */
const MAX_RECEIVES = 5;
/** The delivery worker's timeout, for the queue's visibility timeout (AWS: at least 6 ×). */
const WORKER_TIMEOUT = Duration.seconds(60);

/**
 * Webhook delivery queues: the delivery queue (SQS-managed encryption, TLS only) with a
 * redrive policy to its dead-letter queue, alarms on the dead-letter queue's depth and on the
 * age of the oldest message waiting, and the SQS trigger of the workers that consume it.
 * DynamoDB holds each delivery's state; these queues only carry "deliver this now".
 */
export class WebhookQueues extends Construct {
  readonly queues: Record<QueueName, Queue>;
  readonly deadLetterDepth: Alarm;
  readonly oldestMessageAge: Alarm;
  /** The platform's Ed25519 key that signs every delivery's `v1a` signature (bound per function). */
  readonly signingKeys: SigningKeys;
  /** The KMS key that wraps each endpoint secret's data key. */
  readonly secretsKey: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.signingKeys = new SigningKeys(this, 'SigningKeys', {
      envVar: WEBHOOK_SIGNING_KEYS_ENV,
      description: 'Private Ed25519 key that signs webhook deliveries (Standard Webhooks v1a)',
    });
    this.secretsKey = new Key(this, 'SecretsKey', {
      description: 'Wraps the data keys that encrypt webhook endpoint secrets (envelope encryption)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnOutput(this, 'SigningKeysSecretArn', {
      description: 'Load the webhook-signing key here (README, Webhooks)',
      value: this.signingKeys.secret.secretArn,
    });
    const deadLetters = new Queue(this, 'DeadLetters', {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      deadLetters,
      'AwsSolutions-SQS3',
      'This is the dead-letter queue of webhook deliveries: exhausted deliveries (also recorded Failed in DynamoDB) wait here for an operator.',
    );
    acknowledge(
      deadLetters,
      'Serverless-SQSRedrivePolicy',
      'A dead-letter queue has nowhere further to send its messages: they wait here (14 days) for an operator, with an alarm on its depth.',
    );
    const deliveries = new Queue(this, 'Deliveries', {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      visibilityTimeout: WORKER_TIMEOUT.plus(Duration.seconds(WORKER_TIMEOUT.toSeconds() * 5)),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: MAX_RECEIVES },
    });
    this.queues = { webhookDeliveries: deliveries, webhookDeadLetters: deadLetters };
    this.deadLetterDepth = new Alarm(this, 'DeadLetterDepth', {
      alarmDescription:
        'Webhook deliveries were exhausted or could not be processed: see the dead-letter queue.',
      metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    // Retries wait at most 15 minutes on the queue (SQS's longest delay); older means the workers fall behind.
    this.oldestMessageAge = new Alarm(this, 'OldestMessageAge', {
      alarmDescription: 'Webhook deliveries wait longer than 30 minutes: the delivery workers fall behind.',
      metric: deliveries.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5) }),
      threshold: 1800,
      evaluationPeriods: 2,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * Lets a function seal webhook secrets (make data keys) or open them (unwrap data keys), not
   * both, with the key's ARN in its environment.
   */
  grantSecrets(
    fn: IFunction & { addEnvironment(name: string, value: string): unknown },
    use: 'seal' | 'open',
  ) {
    fn.addEnvironment(WEBHOOK_SECRETS_KEY_ENV, this.secretsKey.keyArn); // the same value if set twice
    if (use === 'seal') this.secretsKey.grant(fn, 'kms:GenerateDataKey');
    else this.secretsKey.grantDecrypt(fn);
  }

  /** Lets a function send to the queues it names, with their URLs in its environment. */
  grant(
    fn: IFunction & { addEnvironment(name: string, value: string): unknown },
    names: readonly QueueName[],
  ) {
    for (const name of names) {
      this.queues[name].grantSendMessages(fn);
      fn.addEnvironment(URL_VARIABLE[name], this.queues[name].queueUrl);
    }
  }

  /** Each worker with `onQueue` consumes that queue: batches of 10, failures reported per message. */
  addConsumers(workers: readonly WorkerDefinition[], functionFor: (handler: string) => IFunction) {
    for (const worker of workers) {
      if (!worker.onQueue) continue;
      const fn = functionFor(worker.handler);
      fn.addEventSource(
        new SqsEventSource(this.queues[worker.onQueue], {
          batchSize: 10,
          reportBatchItemFailures: true,
          maxConcurrency: 20,
        }),
      );
      acknowledge(
        fn,
        'Serverless-LambdaEventSourceMappingDestination',
        'An SQS event source mapping takes no on-failure destination: a message that keeps failing goes to the queue’s own dead-letter queue by its redrive policy, with an alarm on its depth.',
      );
      acknowledge(
        fn,
        'Serverless-LambdaDLQ',
        'Invoked by an SQS event source mapping, not asynchronously: a message that keeps failing goes to the queue’s own dead-letter queue (redrive policy).',
      );
    }
  }
}
