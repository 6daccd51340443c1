/**
 * `npm start`: the whole platform on one machine. DynamoDB Local from npm, tables from the
 * shared definitions, seeded sandbox data, and the local gateway in front of the real handlers.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sandboxInitialAccessToken } from '../functions/authorization-server/initial-access-token.ts';
import { prepareDemoClients } from '../local/demo-clients.ts';
import { ensureTables, localClient, startDynamo } from '../local/dynamodb.ts';
import { localEnvironment } from '../local/environment.ts';
import { startGateway } from '../local/gateway.ts';
import { prepareSandbox } from '../local/sandbox.ts';
import { startWebhookPipeline } from '../local/webhook-pipeline.ts';
import { startLocalWorkers } from '../local/workers.ts';

const inMemory = process.argv.includes('--in-memory');
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const sandbox = (process.env.SANDBOX ?? '1') !== '0';
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
// Listening on every interface is not an address clients can use (nor the issuer tokens name).
const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
const publicBaseUrl = process.env.PUBLIC_BASE_URL ?? `http://${reachable}:${port}`;

await refuseBusyPort(host, port);
const dynamo = await startDynamo(inMemory ? {} : { dataDir: resolve(dataDir, 'dynamodb') });
Object.assign(
  process.env,
  localEnvironment({ dynamoEndpoint: dynamo.endpoint, publicBaseUrl, dataDir, sandbox }),
);
await ensureTables(localClient(dynamo.endpoint));
const customers = sandbox ? await prepareSandbox({ baseUrl: publicBaseUrl }) : [];
const gateway = await startGateway({ port, host, sandbox });
const initialAccessToken = sandboxInitialAccessToken();
// Webhooks: DynamoDB Local's stream -> dispatcher -> fauxqs -> delivery worker, and the sweeper.
// Started before the demo clients register: the same stream worker opens the demo city's
// collection account from its registration, as in AWS.
const webhooks = await startWebhookPipeline({ consumer: 'npm-start' });
const clients =
  sandbox && initialAccessToken
    ? await prepareDemoClients({
        baseUrl: publicBaseUrl,
        // A throw-away run keeps its clients' keys apart from the default .data/, whose saved clients
        // stay those of the data on disk; one given a DATA_DIR keeps them there.
        dataDir: inMemory && !process.env.DATA_DIR ? mkdtempSync(join(tmpdir(), 'ob-in-memory-')) : dataDir,
        initialAccessToken,
      })
    : [];
const stopWorkers = startLocalWorkers();

console.log(`ready ${gateway.url}`);
for (const line of customers) console.log(line);
for (const line of clients) console.log(line);
if (sandbox) console.log(`initial access token (RFC 7591 registration): ${initialAccessToken}`);
console.log(`docs: ${gateway.url}/docs · discovery: ${gateway.url}/.well-known/openid-configuration`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  stopWorkers();
  await webhooks.stop();
  await gateway.close();
  await dynamo.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

/**
 * Stops before starting anything when the port is taken (most often by another `npm start`),
 * with what to do, rather than a stack trace after DynamoDB Local has started.
 */
async function refuseBusyPort(onHost: string, onPort: number): Promise<void> {
  const { createServer } = await import('node:net');
  const probe = createServer();
  const busy = await new Promise<boolean>((settle) => {
    probe.once('error', () => settle(true));
    probe.listen(onPort, onHost, () => probe.close(() => settle(false)));
  });
  if (busy) {
    console.error(
      `npm start: port ${onPort} on ${onHost} is in use (another npm start?). Stop it, or choose another: PORT=3100 npm start`,
    );
    process.exit(1);
  }
}
