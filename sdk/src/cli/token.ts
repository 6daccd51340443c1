import { parseArgs } from 'node:util';
import { apiScopesOf, COMMON_FLAGS, clientFrom, customerSession } from './context.ts';

/**
 * `ob token`: a client-credentials token (for the client's own scopes unless `--scope`), or a
 * sandbox customer's. Prints JSON. The token is DPoP-bound to a key this command makes and
 * forgets: use it to read its claims, or call the API with `ob call`, which signs each request.
 */
export async function tokenCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      ...COMMON_FLAGS,
      scope: { type: 'string' },
      customer: { type: 'string' },
      password: { type: 'string', default: 'sandbox' },
    },
  });
  const client = clientFrom(values);
  if (values.customer) {
    const session = await customerSession(client, values.customer, values.password!);
    const { accessToken, expiresAt, scope } = session.tokens;
    process.stdout.write(
      `${JSON.stringify({ access_token: accessToken, token_type: 'DPoP', expires_at: new Date(expiresAt).toISOString(), scope }, null, 2)}\n`,
    );
    return 0;
  }
  const scope = values.scope ?? apiScopesOf(values);
  process.stdout.write(
    `${JSON.stringify({ access_token: await client.clientToken(scope), token_type: 'DPoP', scope }, null, 2)}\n`,
  );
  return 0;
}
