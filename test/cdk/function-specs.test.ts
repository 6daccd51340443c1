import { describe, expect, it } from 'vitest';
import type { Route } from '../../functions/routing/routes.ts';
import { functionSpecs } from '../../lib/function-specs.ts';

const route = (handler: string, access?: Route['access']): Route => ({
  method: 'GET',
  path: `/${handler}/${Math.random()}`,
  handler,
  ...(access && { access }),
});

describe('functionSpecs', () => {
  it('gives a handler shared by several routes the union of their access, no more', () => {
    // Prepare
    const routes = [
      route('a', { reads: ['CONSENT#'] }),
      route('a', { reads: ['CONSENT#', 'ACCOUNT#'], writes: ['DPOP#'], gsi1: ['USERNAME#'] }),
      route('a', { signingKeys: true }),
      route('b', { describeTable: true }),
      route('b', { writes: ['DPOP#'] }),
      route('c'),
    ];

    // Act
    const specs = functionSpecs(routes);

    // Assess
    expect(specs.map((spec) => [spec.handler, spec.access, spec.routes.length])).toEqual([
      [
        'a',
        { reads: ['CONSENT#', 'ACCOUNT#'], writes: ['DPOP#'], gsi1: ['USERNAME#'], signingKeys: true },
        3,
      ],
      ['b', { describeTable: true, writes: ['DPOP#'] }, 2],
      ['c', {}, 1],
    ]);
  });

  it('adds workers as their own functions, marked as invoked by events', () => {
    // Prepare
    const workers = [
      { handler: 'settlement/worker', access: { writes: ['PAYMENT#' as const] }, timeoutSeconds: 60 },
      { handler: 'usage/authorizer', apiAuthorizer: true },
    ];

    // Act
    const specs = functionSpecs([route('a')], workers);

    // Assess
    expect(specs).toEqual([
      expect.objectContaining({ handler: 'a', worker: false }),
      {
        handler: 'settlement/worker',
        access: { writes: ['PAYMENT#'] },
        routes: [],
        worker: true,
        timeoutSeconds: 60,
      },
      // An authorizer is invoked synchronously by API Gateway, so it is no asynchronous worker.
      { handler: 'usage/authorizer', access: {}, routes: [], worker: false },
    ]);
  });
});
