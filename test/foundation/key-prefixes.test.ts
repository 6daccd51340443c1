import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routing/routes.ts';
import { workers } from '../../functions/routing/workers.ts';
import { GSI1, GSI2, keys, OIDC_GRANT_MODELS, oidcModelPrefix, PK } from '../../functions/store/keys.ts';

/**
 * The route table grants DynamoDB access by partition-key prefix (IAM `dynamodb:LeadingKeys`),
 * so the prefixes the key builders write and the prefixes routes declare must be one set: a
 * builder writing under a prefix no route can be granted, or two item types whose prefixes
 * overlap (a grant of one would open the other), would break least privilege silently.
 */
const builders = Object.entries(keys) as [string, (...args: unknown[]) => unknown][];

/** Every key a builder makes, from arguments of the right shape (ids as text, indexes and shards as numbers). */
function sample(builder: (...args: unknown[]) => unknown): Record<string, unknown> | undefined {
  const args = Array.from({ length: builder.length }, (_, i) => `a${i}`);
  const made = builder(...args);
  return typeof made === 'object' ? (made as Record<string, unknown>) : undefined;
}

const known = {
  pk: Object.values(PK) as string[],
  gsi1pk: Object.values(GSI1) as string[],
  gsi2pk: Object.values(GSI2) as string[],
};

describe('key prefixes', () => {
  it('gives every key a builder makes a known prefix of its table or index', () => {
    // Prepare
    const unknown: string[] = [];

    // Act
    for (const [name, builder] of builders) {
      const made = sample(builder);
      if (!made) continue;
      for (const attribute of ['pk', 'gsi1pk', 'gsi2pk'] as const) {
        const value = made[attribute];
        if (typeof value !== 'string') continue;
        if (!known[attribute].some((prefix) => value.startsWith(prefix)))
          unknown.push(`${name}.${attribute} = ${value}`);
      }
    }

    // Assess
    expect(unknown).toEqual([]);
    expect(builders.length).toBeGreaterThan(20);
  });

  it('keeps the prefixes of different item types apart, so a grant of one never opens another', () => {
    for (const [space, prefixes] of Object.entries(known)) {
      // Act
      const overlapping = prefixes.flatMap((a) =>
        prefixes.filter((b) => a !== b && b.startsWith(a)).map((b) => `${a} ⊂ ${b}`),
      );

      // Assess
      expect(overlapping, space).toEqual([]);
    }
  });

  it('lets routes and workers declare only known prefixes', () => {
    // Prepare
    const oidcModel = /^OIDC#[A-Za-z]+#$/;
    const problems: string[] = [];

    // Act
    for (const { handler, access = {} } of [...routes, ...workers]) {
      for (const prefix of [...(access.reads ?? []), ...(access.writes ?? [])]) {
        if (!known.pk.includes(prefix) && !oidcModel.test(prefix))
          problems.push(`${handler}: table ${prefix}`);
      }
      for (const prefix of access.gsi1 ?? [])
        if (!known.gsi1pk.includes(prefix)) problems.push(`${handler}: gsi1 ${prefix}`);
      for (const prefix of access.gsi2 ?? [])
        if (!known.gsi2pk.includes(prefix)) problems.push(`${handler}: gsi2 ${prefix}`);
    }

    // Assess
    expect(problems).toEqual([]);
  });

  it('names the records of one authorization-server model, and ending a grant never touches a client', () => {
    // Act
    const client = keys.oidc('Client', 'c1').pk;
    const grantRecords = OIDC_GRANT_MODELS.map(oidcModelPrefix);

    // Assess
    expect(client.startsWith(oidcModelPrefix('Client'))).toBe(true);
    expect(grantRecords.some((prefix) => client.startsWith(prefix))).toBe(false);
    expect(keys.oidc('AccessToken', 't1').pk.startsWith(oidcModelPrefix('AccessToken'))).toBe(true);
  });
});
