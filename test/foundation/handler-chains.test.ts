import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routing/routes.ts';

const functionsDir = join(import.meta.dirname, '../../functions');

describe('handler chains', () => {
  const handlers = [...new Set(routes.map((route) => route.handler))].filter((h) =>
    h.startsWith('handlers/'),
  );
  const source = (handler: string) => readFileSync(join(functionsDir, `${handler}.ts`), 'utf8');
  const protectedHandlers = handlers.filter((handler) =>
    routes.some((route) => route.handler === handler && (route.caller || route.idempotency)),
  );

  it('serves every route with a caller or key policy through the full chain', () => {
    // Prepare, Act
    const wrongly = protectedHandlers.filter((handler) => !source(handler).includes('apiHandler'));
    // Assess
    expect(protectedHandlers.length).toBeGreaterThan(10);
    expect(wrongly).toEqual([]);
  });

  it('keeps the resource server out of public Lambdas, which use the public chain', () => {
    // Prepare
    const publicOnes = handlers.filter(
      (handler) => !protectedHandlers.includes(handler) && handler !== 'handlers/oauth/authorization-server',
    );
    // Act
    const heavy = publicOnes.filter((handler) => !source(handler).includes('publicHandler'));
    // Assess
    expect(publicOnes).toContain('handlers/system/list-banks');
    expect(heavy).toEqual([]);
  });
});
