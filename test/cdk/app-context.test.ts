import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { publicBaseUrlFromContext, sandboxFromContext } from '../../lib/app-context.ts';

const appWith = (context: Record<string, unknown>) => new App({ context });

describe('app context', () => {
  it('reads the sandbox flag from the CLI (strings) and cdk.json (booleans), off by default', () => {
    // Prepare + Act + Assess
    expect(sandboxFromContext(appWith({}))).toBe(false);
    expect(sandboxFromContext(appWith({ sandbox: 'true' }))).toBe(true);
    expect(sandboxFromContext(appWith({ sandbox: true }))).toBe(true);
    expect(sandboxFromContext(appWith({ sandbox: 'false' }))).toBe(false);
  });

  it('refuses a sandbox value that is neither true nor false, rather than guessing', () => {
    // Prepare
    const app = appWith({ sandbox: 'yes' });

    // Act + Assess
    expect(() => sandboxFromContext(app)).toThrow(/must be true or false/);
  });

  it('takes a custom-domain base URL only as https, without its trailing slash', () => {
    // Prepare + Act + Assess
    expect(publicBaseUrlFromContext(appWith({}))).toBeUndefined();
    expect(publicBaseUrlFromContext(appWith({ publicBaseUrl: 'https://api.example.vn/' }))).toBe(
      'https://api.example.vn',
    );
    expect(() => publicBaseUrlFromContext(appWith({ publicBaseUrl: 'http://api.example.vn' }))).toThrow(
      /https/,
    );
  });
});
