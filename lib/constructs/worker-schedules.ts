import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { WorkerDefinition } from '../../functions/routing/workers.ts';
import { acknowledge } from '../nag.ts';

/** An EventBridge schedule for each worker that asks for one (sweepers, settlement). */
export class WorkerSchedules extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: { workers: WorkerDefinition[]; functionFor: (handler: string) => IFunction },
  ) {
    super(scope, id);
    for (const worker of props.workers) {
      if (!worker.everyMinutes) continue;
      const fn = props.functionFor(worker.handler);
      const rule = new Rule(this, worker.handler.replaceAll('/', '-'), {
        description: `Runs ${worker.handler} every ${worker.everyMinutes} min`,
        schedule: Schedule.rate(Duration.minutes(worker.everyMinutes)),
        targets: [new LambdaFunction(fn, { retryAttempts: 2 })],
      });
      const why =
        'A scheduled sweep over stored state, idempotent: a failed or missed run is redone by the next tick a minute later, so a dead-letter queue would only hold stale ticks.';
      acknowledge(rule, 'Serverless-EventBusDLQ', why);
      acknowledge(fn, 'Serverless-LambdaDLQ', why);
    }
  }
}
