import { parseArgs } from 'node:util';
import { COMMON_FLAGS, clientFrom, customerSession } from './context.ts';
import { CliUsageError } from './usage.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];

function pairs(list: string[] | undefined, flag: string): Record<string, string> {
  const record: Record<string, string> = {};
  for (const item of list ?? []) {
    const at = item.indexOf('=');
    if (at < 1) throw new CliUsageError(`--${flag} takes name=value, got ${item}`);
    record[item.slice(0, at)] = item.slice(at + 1);
  }
  return record;
}

/** `ob call METHOD PATH`: one typed call, the JSON answer on stdout. */
export async function callCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      ...COMMON_FLAGS,
      customer: { type: 'string' },
      password: { type: 'string', default: 'sandbox' },
      query: { type: 'string', multiple: true },
      path: { type: 'string', multiple: true },
      body: { type: 'string' },
    },
  });
  const [method, path, ...rest] = positionals;
  const verb = method?.toUpperCase() as Method;
  if (!METHODS.includes(verb) || !path?.startsWith('/') || rest.length) {
    throw new CliUsageError('ob call takes METHOD PATH, e.g. ob call GET /v1/aisp/accounts');
  }
  let body: unknown;
  if (values.body !== undefined) {
    try {
      body = JSON.parse(values.body);
    } catch {
      throw new CliUsageError('--body must be JSON');
    }
  }
  const client = clientFrom(values);
  const caller = values.customer ? await customerSession(client, values.customer, values.password!) : client;
  const call = caller[verb] as (path: string, init: object) => Promise<{ data?: unknown; error?: unknown }>;
  const { data, error } = await call(path, {
    params: { query: pairs(values.query, 'query'), path: pairs(values.path, 'path') },
    ...(body !== undefined ? { body } : {}),
  });
  if (error) throw error;
  process.stdout.write(`${JSON.stringify(data ?? null, null, 2)}\n`);
  return 0;
}
