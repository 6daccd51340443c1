import { OPERATIONS } from './generated/operations.ts';

/** What the SDK knows of one operation of the contract. */
export interface Operation {
  method: string;
  template: string;
  scopes: readonly string[];
  idempotencyKey: boolean;
}

const compiled = Object.entries(OPERATIONS).map(([key, value]) => {
  const [method, template] = key.split(' ') as [string, string];
  const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
  return { method, template, pattern, ...value };
});

/** The operation a request is for (`pathname` relative to the base URL), if the contract has it. */
export function operationOf(method: string, pathname: string): Operation | undefined {
  return compiled.find((op) => op.method === method && op.pattern.test(pathname));
}
