import { describe, expect, it } from 'vitest';
import { activeRoutes } from '../../functions/routing/routes.ts';
import { GSI1, GSI2, oidcModelPrefix, PK } from '../../functions/store/keys.ts';
import {
  type CfnJson,
  functionsByHandler,
  type GrantedStatement,
  type Resources,
  roleOf,
  roleStatements,
  synthFast,
} from './template-helpers.ts';

/**
 * IAM assertions per route family, on the synthesized template: what each function's role
 * lets it do to the table's items, evaluated as IAM would (action, resource, and the
 * `dynamodb:LeadingKeys` conditions CDK builds from the route table). `can(...)` answers for
 * one request: an action on the table or an index, naming these partition keys.
 */
type Target = 'table' | 'gsi1' | 'gsi2';

/** The table or index a statement's resource names, or `*`. */
function targetOf(resource: CfnJson): string {
  if (resource === '*') return '*';
  if (resource?.['Fn::GetAtt']?.[1] === 'Arn') return 'table';
  const parts: CfnJson[] | undefined = resource?.['Fn::Join']?.[1];
  const index = parts?.find((part) => typeof part === 'string' && part.startsWith('/index/'));
  return index ? index.slice('/index/'.length) : JSON.stringify(resource);
}

/** Whether IAM would allow this statement for the request (unknown condition operators fail the test). */
function allows(statement: GrantedStatement, action: string, target: Target, leadingKeys: string[]): boolean {
  const resources = [statement.resource].flat();
  if (!statement.actions.includes(action) && !statement.actions.includes('dynamodb:*')) return false;
  if (!resources.some((resource) => ['*', target].includes(targetOf(resource)))) return false;
  for (const [operator, entries] of Object.entries(statement.condition ?? {})) {
    const values = (entries as Record<string, string | string[]>)['dynamodb:LeadingKeys'];
    if (values === undefined) throw new Error(`unexpected condition ${operator}: ${JSON.stringify(entries)}`);
    if (operator === 'ForAllValues:StringLike') {
      const patterns = [values]
        .flat()
        .map((value) => new RegExp(`^${value.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`));
      if (!leadingKeys.every((key) => patterns.some((pattern) => pattern.test(key)))) return false;
    } else if (operator === 'Null') {
      if (values === 'false' && leadingKeys.length === 0) return false;
    } else {
      throw new Error(`unexpected condition operator ${operator}`);
    }
  }
  return true;
}

function roleOfHandler(resources: Resources, handler: string) {
  const id = functionsByHandler(resources).get(handler);
  if (!id) throw new Error(`no function for ${handler}`);
  const statements = roleStatements(resources, roleOf(resources, id));
  return {
    statements,
    can: (action: string, target: Target, ...leadingKeys: string[]) =>
      statements.some((statement) => allows(statement, `dynamodb:${action}`, target, leadingKeys)),
  };
}

const READS = ['GetItem', 'BatchGetItem', 'Query'];
const WRITES = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'];
/** One key of every item type of the table. */
const EVERY_ITEM = Object.values(PK).map((prefix) => `${prefix}x1`);

describe.each([false, true])('least privilege per route family (sandbox: %s)', (sandbox) => {
  const { resources } = synthFast({ sandbox });
  const routes = activeRoutes(sandbox);
  const role = (handler: string) => roleOfHandler(resources, handler);

  it('keeps the authorization server off the ledger, payments and idempotency records', () => {
    // Prepare
    const provider = role('handlers/oauth/authorization-server');

    // Act + Assess
    for (const key of [
      'ACCOUNT#a1',
      'POSTING#p1',
      'PAYMENT#p1',
      'IDEMPOTENCY#c#k',
      'DPOP#j#t',
      'CUSTSESSION#s1',
    ]) {
      for (const action of [...READS, ...WRITES])
        expect(provider.can(action, 'table', key), `${action} ${key}`).toBe(false);
    }
    expect(provider.can('Query', 'gsi1', 'DAY#2026-01-01'), 'postings of a day').toBe(false);
    expect(provider.can('Query', 'gsi2', 'ACCTNO#970415#1'), 'accounts by number').toBe(false);
    expect(provider.can('Scan', 'table')).toBe(false);
    // What it needs still works.
    expect(provider.can('PutItem', 'table', 'OIDC#Session#s1')).toBe(true);
    expect(provider.can('UpdateItem', 'table', 'CONSENT#c1')).toBe(true);
    expect(provider.can('Query', 'gsi2', 'OIDC-UID#u1')).toBe(true);
    expect(provider.can('Query', 'gsi1', 'USERNAME#an.nguyen')).toBe(true);
  });

  it('lets the VietQR routes read nothing and write only DPoP proof ids', () => {
    for (const handler of ['handlers/qr/decode', 'handlers/qr/create-vietqr']) {
      // Prepare
      const qr = role(handler);

      // Act + Assess: no customer, account, consent or OAuth record, by key or by any index.
      for (const key of [...EVERY_ITEM, 'OIDC#Client#c1', 'OIDC#Grant#g1']) {
        for (const action of READS)
          expect(qr.can(action, 'table', key), `${handler} ${action} ${key}`).toBe(false);
        const writable = key.startsWith(PK.dpopProof);
        expect(qr.can('PutItem', 'table', key), `${handler} PutItem ${key}`).toBe(writable);
      }
      for (const prefix of Object.values(GSI1)) expect(qr.can('Query', 'gsi1', `${prefix}x`)).toBe(false);
      for (const prefix of Object.values(GSI2)) expect(qr.can('Query', 'gsi2', `${prefix}x`)).toBe(false);
    }
  });

  it('lets every protected read write nothing but DPoP proof ids', () => {
    // Prepare
    const reads = [...new Set(routes.filter((r) => r.caller && r.method === 'GET').map((r) => r.handler))];
    expect(reads.length).toBeGreaterThanOrEqual(8);

    for (const handler of reads) {
      // Act
      const writable = EVERY_ITEM.filter((key) =>
        WRITES.some((action) => role(handler).can(action, 'table', key)),
      );

      // Assess
      expect(writable, handler).toEqual([`${PK.dpopProof}x1`]);
      expect(role(handler).can('GetItem', 'table', 'OIDC#Client#c1'), handler).toBe(false);
      expect(role(handler).can('Query', 'gsi1', 'USERNAME#an.nguyen'), `${handler}: password hashes`).toBe(
        false,
      );
    }
  });

  it("keeps the customer's pages away from money and from password hashes they do not need", () => {
    // Prepare
    const pages = ['sign-in', 'sign-out', 'sharing-page', 'revoke-sharing'].map(
      (name) => `handlers/customer/${name}`,
    );

    for (const handler of pages) {
      // Act + Assess
      for (const key of ['ACCOUNT#a1', 'POSTING#p1', 'PAYMENT#p1', 'PAYDAY#c#d', 'IDEMPOTENCY#c#k']) {
        for (const action of WRITES)
          expect(role(handler).can(action, 'table', key), `${handler} ${action} ${key}`).toBe(false);
      }
      expect(
        role(handler).can('DeleteItem', 'table', 'OIDC#Client#c1'),
        `${handler}: partner registrations`,
      ).toBe(false);
    }
    expect(role('handlers/customer/sign-in').can('Query', 'gsi1', 'USERNAME#an.nguyen')).toBe(true);
    for (const handler of pages.filter((page) => !page.endsWith('sign-in'))) {
      expect(role(handler).can('Query', 'gsi1', 'USERNAME#an.nguyen'), handler).toBe(false);
      expect(role(handler).can('GetItem', 'table', 'LOGIN#an.nguyen'), handler).toBe(false);
    }
    // Revoking ends the grant's tokens, and only those.
    const revoke = role('handlers/customer/revoke-sharing');
    expect(revoke.can('DeleteItem', 'table', `${oidcModelPrefix('AccessToken')}t1`)).toBe(true);
    expect(revoke.can('DeleteItem', 'table', `${oidcModelPrefix('Session')}s1`)).toBe(false);
  });

  it('lets the payment and cash routes move money, and nothing of OAuth or sign-in', () => {
    for (const handler of ['handlers/pisp/create-domestic-payment', 'handlers/cash/report-withdrawal']) {
      // Prepare
      const mover = role(handler);

      // Act + Assess
      expect(mover.can('UpdateItem', 'table', 'ACCOUNT#a1'), handler).toBe(true);
      expect(mover.can('PutItem', 'table', 'POSTING#p1'), handler).toBe(true);
      for (const key of ['OIDC#Client#c1', 'LOGIN#u', 'CUSTSESSION#s', 'CUSTOMER#c1']) {
        for (const action of [...READS, ...WRITES])
          expect(mover.can(action, 'table', key), `${handler} ${action} ${key}`).toBe(false);
      }
    }
  });

  it('keeps the workers to their own items', () => {
    // Prepare
    const settlement = role('workers/settlement');
    const sweeper = role('workers/cash-sweeper');

    // Act + Assess
    expect(settlement.can('Query', 'gsi1', 'PAYSETTLE#3')).toBe(true);
    expect(sweeper.can('Query', 'gsi1', 'CASHOPEN#3')).toBe(true);
    for (const key of ['OIDC#Grant#g', 'LOGIN#u', 'CUSTSESSION#s', 'DPOP#j', 'CUSTOMER#c1']) {
      for (const action of [...READS, ...WRITES]) {
        expect(settlement.can(action, 'table', key), `settlement ${action} ${key}`).toBe(false);
        expect(sweeper.can(action, 'table', key), `sweeper ${action} ${key}`).toBe(false);
      }
    }
    expect(sweeper.can('UpdateItem', 'table', 'PAYMENT#p1')).toBe(false);
  });

  it("lets only the stream worker, not the authorization server, open a sandbox city partner's collection account", () => {
    // Prepare
    const stream = role('workers/webhook-dispatcher');
    const provider = role('handlers/oauth/authorization-server');

    // Act
    const writable = EVERY_ITEM.filter((key) => WRITES.some((action) => stream.can(action, 'table', key)));

    // Assess: its grants name exactly the deliveries, partner and account items (leading-key conditions).
    expect(new Set(writable)).toEqual(
      new Set([`${PK.webhookDeliveries}x1`, `${PK.partner}x1`, `${PK.account}x1`]),
    );
    expect(stream.can('PutItem', 'table', 'POSTING#p1'), 'no ledger postings').toBe(false);
    expect(stream.can('GetItem', 'table', 'OIDC#Client#c1')).toBe(false);
    for (const action of WRITES) {
      expect(provider.can(action, 'table', 'PARTNER#c1'), `provider ${action}`).toBe(false);
      expect(provider.can(action, 'table', 'ACCOUNT#a1'), `provider ${action}`).toBe(false);
    }
  });

  it('gives the usage authorizer and the usage-plan worker no access to any item', () => {
    for (const handler of ['handlers/oauth/usage-authorizer', 'workers/usage-plans']) {
      // Prepare
      const lambda = role(handler);

      // Act + Assess
      for (const key of EVERY_ITEM) {
        for (const action of [...READS, ...WRITES])
          expect(lambda.can(action, 'table', key), `${handler} ${action}`).toBe(false);
      }
    }
    const apiActions = role('workers/usage-plans')
      .statements.flatMap((statement) => statement.actions)
      .filter((action) => action.startsWith('apigateway:'));
    expect(new Set(apiActions)).toEqual(
      new Set(['apigateway:GET', 'apigateway:POST', 'apigateway:PATCH', 'apigateway:DELETE']),
    );
    expect(
      role('handlers/oauth/usage-authorizer')
        .statements.flatMap((statement) => statement.actions)
        .filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:')),
    ).toEqual([]);
  });

  it('refuses a request that names no key (a Scan) even where a prefix is granted', () => {
    // Prepare
    const payment = role('handlers/pisp/create-domestic-payment');

    // Act + Assess
    expect(payment.can('Query', 'table')).toBe(false);
    expect(payment.can('Scan', 'table')).toBe(false);
    expect(
      payment.can('GetItem', 'table', 'ACCOUNT#a1', 'OIDC#Client#c1'),
      'a batch with one foreign key',
    ).toBe(false);
  });
});
