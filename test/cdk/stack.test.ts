import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { activeRoutes, type Route, type RouteAccess, touchesTable } from '../../functions/routing/routes.ts';
import { workers } from '../../functions/routing/workers.ts';
import { DOCUMENT_KEYS_ENV } from '../../functions/runtime/document-keys.ts';
import { WEBHOOK_SECRETS_KEY_ENV } from '../../functions/runtime/webhook-secret-sealing.ts';
import { WEBHOOK_SIGNING_KEYS_ENV } from '../../functions/runtime/webhook-signing-keys.ts';
import { tables } from '../../functions/store/tables.ts';
import { READ_ACTIONS, WRITE_ACTIONS } from '../../lib/constructs/data-table.ts';
import { SIGNING_KEYS_ENV } from '../../lib/constructs/signing-keys.ts';
import { functionSpecs } from '../../lib/function-specs.ts';
import {
  type CfnJson,
  dependencyCycle,
  functionsByHandler,
  methodTargets,
  roleOf,
  roleStatements,
  synthFast,
} from './template-helpers.ts';

const live = synthFast({ sandbox: false });
const sandbox = synthFast({ sandbox: true });

describe('OpenBankingStack tables', () => {
  it('creates each shared table definition with string keys, its indexes, TTL, a stream and PITR', () => {
    // Prepare
    const { template } = live;

    // Act
    const found = template.findResources('AWS::DynamoDB::Table');

    // Assess
    expect(Object.keys(found)).toHaveLength(tables.length);
    for (const definition of tables) {
      template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          KeySchema: [
            { AttributeName: definition.partitionKey, KeyType: 'HASH' },
            { AttributeName: definition.sortKey, KeyType: 'RANGE' },
          ],
          AttributeDefinitions: Match.arrayWith([
            { AttributeName: definition.partitionKey, AttributeType: 'S' },
            { AttributeName: definition.sortKey, AttributeType: 'S' },
          ]),
          BillingMode: 'PAY_PER_REQUEST',
          TimeToLiveSpecification: { AttributeName: definition.ttlAttribute, Enabled: true },
          StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
          GlobalSecondaryIndexes: definition.indexes.map((index) => ({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          })),
        }),
      });
    }
  });
});

describe.each([
  { mode: 'live', built: live, sandboxMode: false },
  { mode: 'sandbox', built: sandbox, sandboxMode: true },
])('OpenBankingStack functions and API ($mode)', ({ built, sandboxMode }) => {
  const routes = activeRoutes(sandboxMode);
  const specs = functionSpecs(routes);
  const functions = functionsByHandler(built.resources);

  it('builds exactly one Node 22 arm64 function per distinct handler', () => {
    // Prepare
    const handlers = [
      ...new Set([...routes.map((route) => route.handler), ...workers.map((w) => w.handler)]),
    ].sort();

    // Act
    const built_ = [...functions.keys()].sort();

    // Assess
    expect(built_).toEqual(handlers);
    expect(Object.keys(built.template.findResources('AWS::Lambda::Function'))).toHaveLength(handlers.length);
    for (const [handler, id] of functions) {
      const worker = workers.find((w) => w.handler === handler);
      expect(built.resources[id]!.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        Timeout: worker?.timeoutSeconds ?? 10,
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON' },
      });
    }
  });

  it('routes every active route to the function of its handler, and serves nothing else', () => {
    // Prepare
    const expected = new Map(
      routes.map((route) => [`${route.method} ${route.path}`, functions.get(route.handler)]),
    );

    // Act
    const targets = methodTargets(built.resources);

    // Assess
    expect(Object.fromEntries(targets)).toEqual(Object.fromEntries(expected));
  });

  it(`serves the sandbox-only routes only in sandbox mode`, () => {
    // Prepare
    const sandboxOnly = activeRoutes(true).filter((route) => route.sandboxOnly);

    // Act
    const targets = methodTargets(built.resources);

    // Assess
    expect(sandboxOnly.length).toBeGreaterThan(0);
    for (const route of sandboxOnly) {
      expect(targets.has(`${route.method} ${route.path}`)).toBe(sandboxMode);
    }
  });

  it('tells each function its mode, and the table or secret only when its routes use them', () => {
    for (const spec of specs) {
      // Prepare
      const variables = built.resources[functions.get(spec.handler)!]!.Properties!.Environment.Variables;

      // Act + Assess
      expect(variables.SANDBOX).toBe(sandboxMode ? '1' : '0');
      expect(variables.POWERTOOLS_SERVICE_NAME).toBe('open-banking');
      expect(variables.TABLE_NAME !== undefined, spec.handler).toBe(touchesTable(spec.access));
      expect(variables[SIGNING_KEYS_ENV] !== undefined, spec.handler).toBe(spec.access.signingKeys === true);
      expect(variables[DOCUMENT_KEYS_ENV] !== undefined, spec.handler).toBe(
        spec.access.documentKeys === true,
      );
      expect(variables[WEBHOOK_SIGNING_KEYS_ENV] !== undefined, spec.handler).toBe(
        spec.access.webhookSigningKeys === true,
      );
      expect(variables[WEBHOOK_SECRETS_KEY_ENV] !== undefined, spec.handler).toBe(
        Boolean(spec.access.sealsWebhookSecrets || spec.access.opensWebhookSecrets),
      );
    }
  });

  it('gives every function the one fixed issuer URL: the stage URL of this API', () => {
    for (const id of functions.values()) {
      // Prepare
      const issuer = built.resources[id]!.Properties!.Environment.Variables.ISSUER;

      // Act
      const parts: CfnJson[] = issuer['Fn::Join'][1];

      // Assess
      expect(parts[0]).toBe('https://');
      expect(parts[1]).toEqual({ Ref: expect.stringMatching(/^HttpApi/) });
      expect(parts.at(-1)).toBe(sandboxMode ? '/sandbox' : '/live');
    }
  });

  it('grants each function exactly the item types, indexes and secret its routes declare', () => {
    for (const spec of functionSpecs(routes, workers)) {
      // Prepare
      const role = roleOf(built.resources, functions.get(spec.handler)!);

      // Act
      const statements = roleStatements(built.resources, role);
      const granted = (actions: string[]) =>
        statements
          .filter((statement) => actions.every((action) => statement.actions.includes(action)))
          .flatMap(
            (statement) => statement.condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? [],
          );
      const onIndex = (index: string) =>
        statements
          .filter((statement) => JSON.stringify(statement.resource).includes(`/index/${index}`))
          .flatMap((statement) => statement.condition['ForAllValues:StringLike']['dynamodb:LeadingKeys']);
      const actions = statements.flatMap((statement) => statement.actions);
      const secrets = actions.filter((action) => action.startsWith('secretsmanager:'));

      // Assess
      const patterns = (prefixes: readonly string[] = []) => prefixes.map((prefix) => `${prefix}*`).sort();
      expect(granted(READ_ACTIONS).sort(), `${spec.handler} reads`).toEqual(patterns(spec.access.reads));
      expect(granted(WRITE_ACTIONS).sort(), `${spec.handler} writes`).toEqual(patterns(spec.access.writes));
      expect(onIndex('gsi1').sort(), `${spec.handler} gsi1`).toEqual(patterns(spec.access.gsi1));
      expect(onIndex('gsi2').sort(), `${spec.handler} gsi2`).toEqual(patterns(spec.access.gsi2));
      expect(actions.includes('dynamodb:DescribeTable'), spec.handler).toBe(
        spec.access.describeTable === true,
      );
      if (spec.access.signingKeys || spec.access.documentKeys || spec.access.webhookSigningKeys)
        expect(secrets, spec.handler).toContain('secretsmanager:GetSecretValue');
      else expect(secrets, spec.handler).toEqual([]);
      // Webhook secrets: those that seal make data keys, the one that opens unwraps them; no other use.
      expect(actions.filter((action) => action.startsWith('kms:')).sort(), spec.handler).toEqual([
        ...(spec.access.opensWebhookSecrets ? ['kms:Decrypt'] : []),
        ...(spec.access.sealsWebhookSecrets ? ['kms:GenerateDataKey'] : []),
      ]);
      expect(actions.filter((action) => action.startsWith('logs:')).sort()).toEqual([
        'logs:CreateLogStream',
        'logs:PutLogEvents',
      ]);
    }
  });

  it('conditions every item action on leading keys, and grants no Scan and no wildcard action', () => {
    for (const id of functions.values()) {
      // Prepare
      const statements = roleStatements(built.resources, roleOf(built.resources, id));

      // Act
      const itemStatements = statements.filter((statement) =>
        statement.actions.some((action) => [...READ_ACTIONS, ...WRITE_ACTIONS].includes(action)),
      );
      const actions = statements.flatMap((statement) => statement.actions);

      // Assess
      expect(actions.filter((action) => /Scan|\*/.test(action))).toEqual([]);
      for (const statement of itemStatements) {
        expect(statement.condition).toEqual({
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': expect.any(Array) },
          Null: { 'dynamodb:LeadingKeys': 'false' },
        });
      }
    }
  });

  it('logs every request as one JSON line with id, caller ip, status and latency', () => {
    // Prepare
    const stages = built.template.findResources('AWS::ApiGateway::Stage');

    // Act
    const [stage] = Object.values(stages) as { Properties: CfnJson }[];
    const format = JSON.parse(stage!.Properties.AccessLogSetting.Format);

    // Assess
    expect(Object.keys(stages)).toHaveLength(1);
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      status: '$context.status',
      responseLatency: '$context.responseLatency',
    });
    expect(stage!.Properties).toMatchObject({
      StageName: sandboxMode ? 'sandbox' : 'live',
      TracingEnabled: true,
      MethodSettings: [
        expect.objectContaining({
          HttpMethod: '*',
          ResourcePath: '/*',
          DataTraceEnabled: false,
          ThrottlingRateLimit: expect.any(Number),
          ThrottlingBurstLimit: expect.any(Number),
        }),
      ],
    });
  });

  it('has no dependency cycle for CloudFormation to refuse', () => {
    // Prepare + Act
    const cycle = dependencyCycle(built.resources);

    // Assess
    expect(cycle).toBeUndefined();
  });

  it('keeps every log group for a bounded time and retains it with the stack', () => {
    // Prepare + Act
    const groups = Object.values(built.template.findResources('AWS::Logs::LogGroup'));

    // Assess: one per function plus the access log.
    expect(groups).toHaveLength(functions.size + 1);
    for (const group of groups) {
      expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
      expect(group.DeletionPolicy).toBe('Retain');
    }
  });
});

describe('OpenBankingStack behind a custom domain', () => {
  it('uses the given public base URL as issuer and link base', () => {
    // Prepare
    const publicBaseUrl = 'https://openbanking.example.vn';

    // Act
    const { resources } = synthFast({ sandbox: false, publicBaseUrl });

    // Assess
    for (const id of functionsByHandler(resources).values()) {
      expect(resources[id]!.Properties.Environment.Variables).toMatchObject({
        ISSUER: publicBaseUrl,
        PUBLIC_BASE_URL: publicBaseUrl,
      });
    }
  });
});

describe('OpenBankingStack with any route table', () => {
  it('nests resources for path parameters and greedy paths, one method per route', () => {
    // Prepare: every handler here exists; only the shapes of the paths matter.
    const routes: Route[] = [
      { method: 'GET', path: '/v1/things', handler: 'handlers/system/list-banks' },
      { method: 'POST', path: '/v1/things', handler: 'handlers/system/list-banks' },
      {
        method: 'GET',
        path: '/v1/things/{ThingId}',
        handler: 'handlers/system/health',
        access: { describeTable: true },
      },
      {
        method: 'GET',
        path: '/v1/things/{ThingId}/parts',
        handler: 'handlers/system/health',
        access: { describeTable: true },
      },
      { method: 'POST', path: '/files/{proxy+}', handler: 'handlers/system/list-banks' },
    ];

    // Act
    const { resources } = synthFast({ sandbox: false, routes });

    // Assess
    const functions = functionsByHandler(resources);
    const workerHandlers = workers.map((w) => w.handler);
    expect([...functions.keys()].filter((h) => !workerHandlers.includes(h)).sort()).toEqual([
      'handlers/system/health',
      'handlers/system/list-banks',
    ]);
    expect(Object.fromEntries(methodTargets(resources))).toEqual({
      'GET /v1/things': functions.get('handlers/system/list-banks'),
      'POST /v1/things': functions.get('handlers/system/list-banks'),
      'GET /v1/things/{ThingId}': functions.get('handlers/system/health'),
      'GET /v1/things/{ThingId}/parts': functions.get('handlers/system/health'),
      'POST /files/{proxy+}': functions.get('handlers/system/list-banks'),
    });
    const parts = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::ApiGateway::Resource')
      .map((resource) => resource.Properties!.PathPart)
      .sort();
    expect(parts).toEqual(['files', 'parts', 'things', 'v1', '{ThingId}', '{proxy+}']);
  });
});

describe('OpenBankingStack and new kinds of access', () => {
  it('refuses to build a function whose route needs an access it has no grant for', () => {
    // Prepare
    const routes: Route[] = [
      {
        method: 'GET',
        path: '/v1/x',
        handler: 'handlers/system/list-banks',
        access: { queue: true } as RouteAccess,
      },
    ];

    // Act + Assess
    expect(() => synthFast({ sandbox: false, routes })).toThrow(/access "queue".*cannot grant yet/);
  });
});
