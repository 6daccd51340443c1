/**
 * The bank's operator commands. Partners' initial access tokens (RFC 7591 registration):
 *
 *   npm run operator -- initial-access-token issue --partner "Ví Xanh" --kind fintech --scopes accounts,payments --days 30
 *   npm run operator -- initial-access-token list
 *   npm run operator -- initial-access-token revoke --id <id from issue or list>
 *
 * A city partner's collection account (outside sandbox; in sandbox registration opens one):
 *
 *   npm run operator -- collection-account assign --client <client_id> [--partner "Sở Tài chính Hà Nội"] [--shards 16]
 *
 * The client must be registered with scope `bills`; the name defaults to its registered
 * `client_name`. A refusal (unknown client, not a city partner) exits 1 with nothing written.
 *
 * Kinds and the scopes each may hold: fintech (accounts, payments), city (bills), terminal
 * (cash). The token is printed once and stored only as its SHA-256; hand it to the partner over
 * a secure channel. Against a deployed stack: set TABLE_NAME (the stack's MainTableName output)
 * and AWS credentials. Locally: `--local` opens the data directory `npm start` uses ($DATA_DIR or
 * .data; stop `npm start` first, two engines must not share one database file).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { issuePartnerToken } from '../functions/authorization-server/partner-tokens.ts';
import { DomainError } from '../functions/domain/errors.ts';
import { MAX_SHARDS } from '../functions/domain/ledger/shards.ts';
import { parsePartnerTokenRequest } from '../functions/domain/registration.ts';
import { listInitialAccessTokens, revokeInitialAccessToken } from '../functions/store/oidc-records.ts';
import { assignCollectionAccount } from '../functions/use-cases/bills/open-collection-account.ts';
import { ensureTables, type LocalDynamo, localClient, startDynamo } from '../local/dynamodb.ts';
import { localEnvironment } from '../local/environment.ts';

const USAGE = `usage:
  npm run operator -- initial-access-token issue --partner NAME --kind fintech|city|terminal --scopes a,b [--days 30]
  npm run operator -- initial-access-token list
  npm run operator -- initial-access-token revoke --id ID
  npm run operator -- collection-account assign --client CLIENT_ID [--partner NAME] [--shards 16]
options: --local (DynamoDB Local over $DATA_DIR or .data; otherwise TABLE_NAME and AWS credentials)`;

const options = {
  partner: { type: 'string' },
  kind: { type: 'string' },
  scopes: { type: 'string' },
  days: { type: 'string' },
  id: { type: 'string' },
  client: { type: 'string' },
  shards: { type: 'string' },
  local: { type: 'boolean' },
} as const;

/**
 * `--client -Xy…` as `--client=-Xy…`: client ids and token ids are random base64url, so some
 * begin with a dash, which parseArgs would otherwise refuse as a missing value.
 */
function joinedValues(args: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i]?.startsWith('--') ? args[i]!.slice(2) : '';
    const next = args[i + 1];
    if (options[name as keyof typeof options]?.type === 'string' && next !== undefined) {
      joined.push(`${args[i]}=${next}`);
      i++;
    } else joined.push(args[i]!);
  }
  return joined;
}

const { values, positionals } = parseArgs({
  args: joinedValues(process.argv.slice(2)),
  allowPositionals: true,
  strict: true,
  options,
});

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const [subject, action] = positionals;
const tokenCommand = subject === 'initial-access-token' && ['issue', 'list', 'revoke'].includes(action ?? '');
const accountCommand = subject === 'collection-account' && action === 'assign';
if (!tokenCommand && !accountCommand) fail('unknown command');

let dynamo: LocalDynamo | undefined;
if (values.local) {
  const dataDir = resolve(process.env.DATA_DIR ?? '.data');
  dynamo = await startDynamo({ dataDir: resolve(dataDir, 'dynamodb') });
  Object.assign(
    process.env,
    localEnvironment({
      dynamoEndpoint: dynamo.endpoint,
      publicBaseUrl: process.env.PUBLIC_BASE_URL ?? 'http://127.0.0.1:3000',
      dataDir,
      sandbox: true,
    }),
  );
  await ensureTables(localClient(dynamo.endpoint));
} else if (!process.env.TABLE_NAME) {
  fail('set TABLE_NAME (the stack output MainTableName) and AWS credentials, or pass --local');
}

try {
  if (accountCommand) {
    if (!values.client) fail("--client: the city partner's client_id");
    if (values.partner !== undefined && !values.partner.trim())
      fail('--partner: the name on the collection account (leave it out for the registered client_name)');
    const shards = values.shards === undefined ? undefined : Number(values.shards);
    if (shards !== undefined && !(/^\d+$/.test(values.shards!) && shards >= 0 && shards <= MAX_SHARDS))
      fail(`--shards: 0 to ${MAX_SHARDS}`);
    const partner = await assignCollectionAccount({
      clientId: values.client,
      ...(values.partner !== undefined ? { name: values.partner.trim() } : {}),
      ...(shards !== undefined ? { shards } : {}),
    });
    const account = partner.collection;
    console.log(
      `collection account of ${partner.clientId}: ${account.bankBin} ${account.accountNumber} ${account.name} (${account.shards} shards)`,
    );
  } else if (action === 'issue') {
    const request = parsePartnerTokenRequest(values);
    if ('problem' in request) fail(request.problem);
    const { token, record } = await issuePartnerToken(request);
    console.log(`initial access token for ${record.partner} (${record.kind}: ${record.scopes.join(', ')})`);
    console.log(`  token:   ${token}`);
    console.log(`  id:      ${record.id}`);
    console.log(`  expires: ${new Date(record.expiresAt * 1000).toISOString()}`);
    console.log('The token is shown only now; it is stored as its SHA-256. Send it to the partner securely.');
  } else if (action === 'list') {
    for (const record of await listInitialAccessTokens()) {
      const expires = new Date(record.expiresAt * 1000).toISOString();
      console.log(`${record.id}  ${expires}  ${record.kind}  ${record.scopes.join(',')}  ${record.partner}`);
    }
  } else {
    if (!values.id) fail('--id: the token id that issue or list printed');
    const revoked = await revokeInitialAccessToken(values.id);
    console.log(revoked ? `revoked ${values.id}` : `no initial access token ${values.id}`);
    if (!revoked) process.exitCode = 1;
  }
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  console.error(`refused: ${error.message}`);
  process.exitCode = 1;
} finally {
  await dynamo?.stop();
}
