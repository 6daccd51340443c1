import { describe, expect, it } from 'vitest';
import { oidcModelPrefix, PK } from '../../functions/store/keys.ts';
import { type CfnJson, functionsByHandler, roleOf, roleStatements, synthFast } from './template-helpers.ts';

/**
 * Webhook delivery in AWS: the stream trigger of the dispatcher (events and client registrations), the delivery
 * queue with its redrive policy to a dead-letter queue, the alarms, and each worker's queue
 * rights: exactly the queues it names, and sending only.
 */
describe('webhook delivery in AWS', () => {
  const { resources } = synthFast({ sandbox: false });
  const functions = functionsByHandler(resources);
  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
  const queues = ofType('AWS::SQS::Queue');
  const idOf = (logicalPrefix: string) => queues.find(([id]) => id.startsWith(logicalPrefix))![0];
  const deliveries = idOf('WebhookQueuesDeliveries');
  const deadLetters = idOf('WebhookQueuesDeadLetters');
  const mappingOf = (handler: string) =>
    ofType('AWS::Lambda::EventSourceMapping').find(
      ([, resource]) => resource.Properties.FunctionName.Ref === functions.get(handler),
    )?.[1];
  /** Which queues a function's role may act on, by action. */
  const queueRights = (handler: string) =>
    roleStatements(resources, roleOf(resources, functions.get(handler)!))
      .filter((statement) => statement.actions.some((action) => action.startsWith('sqs:')))
      .flatMap((statement) =>
        [statement.resource].flat().map((resource: CfnJson) => ({
          queue: resource['Fn::GetAtt']?.[0] as string,
          actions: statement.actions.filter((action) => action.startsWith('sqs:')).sort(),
        })),
      );

  it('sends exhausted deliveries to a dead-letter queue by the redrive policy, encrypted and TLS-only', () => {
    // Act
    const queue = resources[deliveries]!.Properties;
    // Assess
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [deadLetters, 'Arn'] },
      maxReceiveCount: 5,
    });
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(resources[deadLetters]!.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    const tlsOnly = ofType('AWS::SQS::QueuePolicy')
      .filter(([, policy]) => JSON.stringify(policy.Properties).includes('aws:SecureTransport'))
      .flatMap(([, policy]) => policy.Properties.Queues.map((queue: CfnJson) => queue.Ref));
    expect(tlsOnly).toEqual(expect.arrayContaining([deliveries, deadLetters]));
  });

  it('alarms on the dead-letter queue’s depth and on the age of the oldest waiting delivery', () => {
    // Act
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
    const on = (metric: string, queue: string) =>
      alarms.find(
        (alarm) => alarm.MetricName === metric && alarm.Dimensions[0].Value['Fn::GetAtt'][0] === queue,
      );
    // Assess
    expect(on('ApproximateNumberOfMessagesVisible', deadLetters)).toMatchObject({ Threshold: 1 });
    expect(on('ApproximateAgeOfOldestMessage', deliveries)).toMatchObject({ Threshold: 1800 });
  });

  it('feeds the dispatcher the table’s stream, filtered to events and client registrations, and the delivery worker the queue', () => {
    // Act
    const stream = mappingOf('workers/webhook-dispatcher')!;
    const queue = mappingOf('workers/webhook-delivery')!;
    // Assess
    expect(
      stream.Properties.FilterCriteria.Filters.map((filter: CfnJson) => JSON.parse(filter.Pattern)),
    ).toEqual([
      { dynamodb: { Keys: { pk: { S: [{ prefix: PK.events }, { prefix: oidcModelPrefix('Client') }] } } } },
    ]);
    expect(queue.Properties.EventSourceArn).toEqual({ 'Fn::GetAtt': [deliveries, 'Arn'] });
    expect(queue.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  it('lets each webhook Lambda send only to the queues it names, and only the delivery worker consume', () => {
    // Act
    // (The stream trigger's own failure queue, shared by every stream consumer, is not a webhook queue.)
    const dispatcher = queueRights('workers/webhook-dispatcher').filter((right) =>
      right.queue.startsWith('Webhook'),
    );
    const worker = queueRights('workers/webhook-delivery');
    const replay = queueRights('handlers/webhooks/replay');
    const endpoints = queueRights('handlers/webhooks/create-endpoint');
    // Assess
    expect(new Set(dispatcher.map((right) => right.queue))).toEqual(new Set([deliveries]));
    expect(dispatcher.flatMap((right) => right.actions)).not.toContain('sqs:ReceiveMessage');
    expect(new Set(replay.map((right) => right.queue))).toEqual(new Set([deliveries]));
    expect(endpoints).toEqual([]);
    expect(new Set(worker.map((right) => right.queue))).toEqual(new Set([deliveries, deadLetters]));
    const consumes = worker.filter((right) => right.actions.includes('sqs:ReceiveMessage'));
    expect(consumes.map((right) => right.queue)).toEqual([deliveries]);
    const variables = resources[functions.get('workers/webhook-delivery')!]!.Properties.Environment.Variables;
    expect(variables.WEBHOOK_QUEUE_URL).toEqual({ Ref: deliveries });
    expect(variables.WEBHOOK_DEAD_LETTER_QUEUE_URL).toEqual({ Ref: deadLetters });
  });
});
