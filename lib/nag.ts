import { Validations } from 'aws-cdk-lib';
import type { NagPack } from 'cdk-nag';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** The rule packs the whole app must pass: AWS Solutions and Serverless. */
export function nagPacks(): NagPack[] {
  return [new AwsSolutionsChecks(), new ServerlessChecks()];
}

/** Runs the packs at every synth; an unacknowledged error fails `cdk synth`. */
export function addNagChecks(app: IConstruct): void {
  Validations.of(app).addPlugins(...nagPacks());
}

/**
 * Accepts one cdk-nag finding on a construct and its children, with the reason written down.
 * The finding id is exact (`AwsSolutions-IAM5[Resource::*]`), so nothing else is silenced.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}
