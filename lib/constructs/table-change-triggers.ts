import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { WorkerDefinition } from '../../functions/routing/workers.ts';
import { acknowledge } from '../nag.ts';

/**
 * The table's stream feeding each worker that asks for changes (`onTableChanges`), filtered by
 * Lambda to the partition-key prefixes it names, so it is invoked for nothing else. A batch
 * that keeps failing goes, as stream positions, to a dead-letter queue for an operator.
 */
export class TableChangeTriggers extends Construct {
  readonly failures: Queue | undefined;

  constructor(
    scope: Construct,
    id: string,
    props: { workers: WorkerDefinition[]; table: Table; functionFor: (handler: string) => IFunction },
  ) {
    super(scope, id);
    const consumers = props.workers.filter((worker) => worker.onTableChanges?.length);
    if (consumers.length === 0) return;
    this.failures = new Queue(this, 'Failures', {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.failures,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter destination of the stream consumers: it holds the positions of batches that kept failing, for an operator to replay.',
    );
    acknowledge(
      this.failures,
      'Serverless-SQSRedrivePolicy',
      'A dead-letter queue has nowhere further to send its messages: they wait here (14 days) for an operator, who replays the stream positions they name.',
    );
    for (const worker of consumers) {
      const fn = props.functionFor(worker.handler);
      fn.addEventSource(
        new DynamoEventSource(props.table, {
          startingPosition: StartingPosition.LATEST,
          batchSize: 20,
          retryAttempts: 10,
          bisectBatchOnError: true,
          onFailure: new SqsDlq(this.failures),
          filters: [
            FilterCriteria.filter({
              dynamodb: { Keys: { pk: { S: worker.onTableChanges!.map((prefix) => ({ prefix })) } } },
            }),
          ],
        }),
      );
      acknowledge(
        fn.role ?? fn,
        'AwsSolutions-IAM5[Resource::*]',
        'dynamodb:ListStreams, which the stream event source needs, takes no resource ARN; the stream itself is read by its ARN.',
      );
      acknowledge(
        fn.role ?? fn,
        'Serverless-LambdaStarPermissions',
        'The same dynamodb:ListStreams grant (no resource ARN exists for it); every other action names its resource.',
      );
      acknowledge(
        fn,
        'Serverless-LambdaDLQ',
        'Invoked by a stream event source mapping, not asynchronously: a batch that keeps failing goes to the mapping’s on-failure queue, so a function dead-letter queue would stay empty.',
      );
    }
  }
}
