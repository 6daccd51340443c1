import { describe, expect, it } from 'vitest';
import { DOCUMENT, parseContract, renderGenerated, staleFiles, TYPES } from '../../scripts/generate.ts';
import { SDK_ERROR_CODES, SDK_OPERATIONS, SDK_TYPES } from '../../scripts/generate-sdk.ts';

describe('generated OpenAPI artefacts', () => {
  it('are fresh: regenerating from openapi/openapi.yaml changes no committed byte', async () => {
    // Prepare / Act
    const files = await renderGenerated();

    // Assess
    expect(files.map((file) => file.path)).toEqual([
      DOCUMENT,
      TYPES,
      SDK_TYPES,
      SDK_OPERATIONS,
      SDK_ERROR_CODES,
    ]);
    expect(await staleFiles(files), 'run `npm run generate` and commit the result').toEqual([]);
  });

  it('are deterministic: two renders are identical', async () => {
    // Act
    const [first, second] = await Promise.all([renderGenerated(), renderGenerated()]);

    // Assess
    expect(second).toEqual(first);
  });

  it('reports a file that differs from the render as stale', async () => {
    // Prepare
    const files = await renderGenerated();
    const edited = files.map((file) =>
      file.path === TYPES ? { ...file, contents: `${file.contents}// edited\n` } : file,
    );

    // Act / Assess
    expect(await staleFiles(edited)).toEqual([TYPES]);
  });

  it('refuses a contract with a duplicate key instead of silently keeping one', () => {
    // Prepare
    const text = 'openapi: 3.1.0\ninfo: { title: t, version: "1" }\npaths: {}\npaths: {}\n';

    // Act / Assess
    expect(() => parseContract(text)).toThrow(/not valid YAML/);
  });

  it('refuses a document that is not OpenAPI 3.1', () => {
    expect(() => parseContract('openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths: {}\n')).toThrow(
      /3\.1/,
    );
  });
});
