import type { IConstruct } from 'constructs';

/** Reads `-c sandbox=…`: the CLI passes strings, cdk.json passes booleans; default false. */
export function sandboxFromContext(scope: IConstruct): boolean {
  const value: unknown = scope.node.tryGetContext('sandbox');
  if (value === undefined || value === false || value === 'false' || value === '0') return false;
  if (value === true || value === 'true' || value === '1') return true;
  throw new Error(`Context "sandbox" must be true or false, got ${JSON.stringify(value)}`);
}

/** Reads `-c publicBaseUrl=https://…`: the URL clients call when it is a custom domain. */
export function publicBaseUrlFromContext(scope: IConstruct): string | undefined {
  const value: unknown = scope.node.tryGetContext('publicBaseUrl');
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^https:\/\/[^/]+(\/.*)?$/.test(value)) {
    throw new Error(`Context "publicBaseUrl" must be an https URL, got ${JSON.stringify(value)}`);
  }
  return value.replace(/\/$/, '');
}
