import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleRegions } from '../../scripts/generate-samples.ts';
import { useGateway } from '../helpers/gateway.ts';
import { ROOT } from './platform.ts';

const api = useGateway();
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

type Sample = { lang: string; label: string; source: string };
type Document = {
  info: { description: string };
  paths: Record<string, Record<string, { 'x-codeSamples'?: Sample[] }>>;
};

async function served(): Promise<Document> {
  const response = await fetch(`${api.url}/openapi.json`);
  expect(response.status).toBe(200);
  return (await response.json()) as Document;
}

describe('/docs: a TypeScript sample per operation, generated from examples/, and Getting started', () => {
  it('gives every operation of the served document a TypeScript x-codeSamples entry', async () => {
    // Act
    const document = await served();

    // Assess
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
    );
    expect(operations.length).toBeGreaterThan(40);
    const missing = operations.filter(
      ({ operation }) => operation['x-codeSamples']?.[0]?.lang !== 'TypeScript',
    );
    expect(missing.map(({ key }) => key)).toEqual([]);
    for (const { key, operation } of operations) {
      const source = operation['x-codeSamples']![0]!.source;
      expect(source, key).toContain('createOpenBankingClient(');
      const path = key.split(' ')[1]!;
      expect(source, key).toContain(`('${path}'`);
    }
  });

  it('takes the samples of covered operations verbatim from the examples, not from a copy', async () => {
    // Prepare
    const regions = exampleRegions(ROOT);
    const covered = [...regions.keys()].filter((key) => !key.startsWith('setup '));
    expect(covered).toEqual(
      expect.arrayContaining([
        'POST /v1/aisp/account-access-consents',
        'GET /v1/aisp/accounts',
        'POST /v1/bill-batches',
        'POST /sandbox/qr-payments',
        'GET /v1/reconciliation/{Date}',
      ]),
    );

    // Act
    const document = await served();

    // Assess
    for (const key of covered) {
      const [method, path] = key.split(' ') as [string, string];
      const source = document.paths[path]![method.toLowerCase()]!['x-codeSamples']![0]!.source;
      const region = regions.get(key)!;
      expect(source).toContain(region.code);
      // Each sample starts with the client of the example it comes from (a city portal's for bills).
      expect(source.startsWith(region.setup!), key).toBe(true);
      expect(readFileSync(join(ROOT, region.file), 'utf8')).toContain(region.code.split('\n')[0]);
    }
  });

  it('opens /docs with the README quickstart as Getting started', async () => {
    // Act
    const document = await served();
    const page = await fetch(`${api.url}/docs`);

    // Assess
    expect(page.status).toBe(200);
    expect(document.info.description).toMatch(/^## Getting started\n/);
    expect(document.info.description).toContain(
      "await ob.sandbox.authorise({ consentId: read.Data.ConsentId, username: 'an.nguyen' })",
    );
  });
});
