import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { eventTypes, isEventType } from '../../functions/domain/events.ts';

interface Document {
  components: { schemas: Record<string, { enum?: string[] }> };
  webhooks: Record<
    string,
    { post: { requestBody: { content: { 'application/json': { schema: { $ref: string } } } } } }
  >;
}

const document = async () =>
  JSON.parse(
    await readFile(new URL('../../openapi/generated/openapi.json', import.meta.url), 'utf8'),
  ) as Document;

describe('the event catalogue', () => {
  it('is the EventType enum of the contract, and every type has a webhook with its payload', async () => {
    // Prepare
    const { components, webhooks } = await document();
    // Act
    const documented = components.schemas.EventType!.enum;
    const payloads = Object.fromEntries(
      Object.entries(webhooks).map(([type, item]) => [
        type,
        item.post.requestBody.content['application/json'].schema.$ref.split('/').at(-1)!,
      ]),
    );
    // Assess
    expect(documented).toEqual([...eventTypes]);
    expect(Object.keys(webhooks).sort()).toEqual([...eventTypes].sort());
    for (const [type, schema] of Object.entries(payloads)) {
      const typeField = (
        components.schemas[schema] as { properties: { type: { const?: string; enum?: string[] } } }
      ).properties.type;
      expect(typeField.const === type || typeField.enum?.includes(type), `${type} → ${schema}`).toBe(true);
    }
  });

  it('tells a catalogue type from anything else', () => {
    expect(eventTypes.every(isEventType)).toBe(true);
    expect(
      ['consent.status_changed', 'cash_withdrawal.status_changed', '', 42, undefined].some(isEventType),
    ).toBe(false);
  });
});
