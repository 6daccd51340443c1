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
      route('a', { table: 'read' }),
      route('a', { table: 'readwrite' }),
      route('a', { signingKeys: true }),
      route('b', { table: 'read' }),
      route('b', { table: 'read', dpopReplay: true }),
      route('c'),
    ];

    // Act
    const specs = functionSpecs(routes);

    // Assess
    expect(specs.map((spec) => [spec.handler, spec.access, spec.routes.length])).toEqual([
      ['a', { table: 'readwrite', signingKeys: true }, 3],
      ['b', { table: 'read', dpopReplay: true }, 2],
      ['c', {}, 1],
    ]);
  });

  it('adds workers as their own functions, marked as invoked by events', () => {
    // Prepare
    const workers = [
      { handler: 'settlement/worker', access: { table: 'readwrite' as const }, timeoutSeconds: 60 },
    ];

    // Act
    const specs = functionSpecs([route('a')], workers);

    // Assess
    expect(specs).toEqual([
      expect.objectContaining({ handler: 'a', worker: false }),
      {
        handler: 'settlement/worker',
        access: { table: 'readwrite' },
        routes: [],
        worker: true,
        timeoutSeconds: 60,
      },
    ]);
  });
});
