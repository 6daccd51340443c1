import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * Plain values from a raw attribute map. Items in `TransactionCanceledException` reasons and
 * `ConditionalCheckFailedException` come back unconverted even through the document client.
 */
export function fromAttributeMap(
  map: Record<string, AttributeValue> | undefined,
): Record<string, unknown> | undefined {
  if (!map) return undefined;
  return Object.fromEntries(Object.entries(map).map(([name, value]) => [name, fromAttribute(value)]));
}

function fromAttribute(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.M !== undefined) return fromAttributeMap(value.M);
  if (value.L !== undefined) return value.L.map(fromAttribute);
  if (value.SS !== undefined) return new Set(value.SS);
  if (value.NS !== undefined) return new Set(value.NS.map(Number));
  return undefined;
}
