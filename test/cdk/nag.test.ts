import { Validations } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { nagPacks } from '../../lib/nag.ts';
import { synthFast } from './template-helpers.ts';

describe.each([false, true])('cdk-nag over the whole app (sandbox: %s)', (sandbox) => {
  const { app } = synthFast({ sandbox });

  it('passes the AWS Solutions and Serverless packs with no unacknowledged finding', () => {
    // Prepare
    const packs = nagPacks();

    // Act
    const findings = packs.flatMap((pack) =>
      pack
        .validateScope(app)
        .violations.map(
          (v) =>
            `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
        ),
    );

    // Assess
    expect(findings).toEqual([]);
  });

  it('gives every acknowledged finding a written reason', () => {
    // Prepare
    const acknowledged: [string, string][] = [];

    // Act
    for (const construct of app.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        acknowledged.push(...Object.entries(entry.data as Record<string, string>));
      }
    }

    // Assess
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledged) {
      expect(reason.length, id).toBeGreaterThan(60);
    }
  });
});
