import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Route } from '../../functions/routing/routes.ts';
import { OpenBankingStack } from '../../lib/open-banking-stack.ts';

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON; the helpers read it as such.
export type CfnJson = any;

export type Resources = Record<string, { Type: string; Properties?: CfnJson; Metadata?: CfnJson }>;

/**
 * The stack as `cdk synth` would build it, minus the slow parts: bundling skipped for
 * every stack and CloudFormation's own validation off. Assertions read the template.
 */
export function synthFast(options: { sandbox: boolean; routes?: Route[]; publicBaseUrl?: string }) {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  });
  const stack = new OpenBankingStack(app, options.sandbox ? 'OpenBankingSandbox' : 'OpenBanking', {
    sandbox: options.sandbox,
    ...(options.routes && { routes: options.routes }),
    ...(options.publicBaseUrl && { publicBaseUrl: options.publicBaseUrl }),
  });
  const template = Template.fromStack(stack);
  return { app, stack, template, resources: template.toJSON().Resources as Resources };
}

/** Logical id of each Lambda function by the handler it runs (read from its description). */
export function functionsByHandler(resources: Resources): Map<string, string> {
  const found = new Map<string, string>();
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const match = /^functions\/(.+)\.ts$/.exec(resource.Properties?.Description ?? '');
    if (match) found.set(match[1]!, id);
  }
  return found;
}

/** Every API method as `GET /v1/health` → the logical id of the function it integrates. */
export function methodTargets(resources: Resources): Map<string, string> {
  const paths = new Map<string, string>();
  const pathOf = (ref: CfnJson): string => {
    if (ref?.['Fn::GetAtt']?.[1] === 'RootResourceId') return '';
    const id = ref.Ref as string;
    if (!paths.has(id)) {
      const props = resources[id]!.Properties!;
      paths.set(id, `${pathOf(props.ParentId)}/${props.PathPart}`);
    }
    return paths.get(id)!;
  };
  const targets = new Map<string, string>();
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::ApiGateway::Method') continue;
    const props = resource.Properties!;
    const path = pathOf(props.ResourceId) || '/';
    const uriParts: CfnJson[] = props.Integration.Uri['Fn::Join'][1];
    const fn = uriParts.find((part) => part?.['Fn::GetAtt']?.[1] === 'Arn')['Fn::GetAtt'][0];
    targets.set(`${props.HttpMethod} ${path}`, fn);
  }
  return targets;
}

export interface GrantedStatement {
  actions: string[];
  resource: unknown;
  condition?: CfnJson;
}

/** All IAM statements granted to a role: its inline policies and the stack's policies naming it. */
export function roleStatements(resources: Resources, roleId: string): GrantedStatement[] {
  const documents: CfnJson[] = [];
  // Grants written into the role itself (inline policies)…
  for (const policy of resources[roleId]?.Properties?.Policies ?? []) documents.push(policy.PolicyDocument);
  // …and those attached by separate policies.
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const roles: CfnJson[] = resource.Properties!.Roles;
    if (roles.some((role) => role.Ref === roleId)) documents.push(resource.Properties!.PolicyDocument);
  }
  return documents.flatMap((document) =>
    [document.Statement ?? []].flat().map((statement: CfnJson) => ({
      actions: [statement.Action].flat(),
      resource: statement.Resource,
      ...(statement.Condition && { condition: statement.Condition }),
    })),
  );
}

/** The logical id of a function's execution role. */
export function roleOf(resources: Resources, functionId: string): string {
  return resources[functionId]!.Properties!.Role['Fn::GetAtt'][0];
}

/** A chain of resources that depend on each other in a circle, or undefined: CloudFormation refuses cycles. */
export function dependencyCycle(resources: Resources): string[] | undefined {
  const edges = new Map<string, Set<string>>();
  for (const [id, resource] of Object.entries(resources)) {
    const targets = new Set<string>([(resource as CfnJson).DependsOn ?? []].flat());
    collectReferences(resource.Properties, targets);
    edges.set(id, new Set([...targets].filter((target) => target in resources)));
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): string[] | undefined => {
    state.set(id, 'visiting');
    for (const next of edges.get(id)!) {
      if (state.get(next) === 'visiting') return [...path, id, next];
      if (!state.has(next)) {
        const cycle = visit(next, [...path, id]);
        if (cycle) return cycle;
      }
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const id of edges.keys()) {
    if (state.has(id)) continue;
    const cycle = visit(id, []);
    if (cycle) return cycle;
  }
  return undefined;
}

function collectReferences(value: CfnJson, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, into);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') into.add(inner);
      else if (key === 'Fn::GetAtt') into.add(Array.isArray(inner) ? inner[0] : String(inner).split('.')[0]);
      else collectReferences(inner, into);
    }
  }
}
