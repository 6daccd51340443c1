import { parseArgs } from 'node:util';
import { COMMON_FLAGS, clientFrom } from './context.ts';
import { CliUsageError } from './usage.ts';

/** `ob bills create`: issues one bill (POST /v1/bills) and prints it as JSON. */
export async function billsCreateCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      ...COMMON_FLAGS,
      category: { type: 'string' },
      reference: { type: 'string' },
      'payer-name': { type: 'string' },
      'payer-id': { type: 'string' },
      amount: { type: 'string' },
      'due-date': { type: 'string' },
      'payable-until': { type: 'string' },
      description: { type: 'string' },
    },
  });
  const required = ['category', 'reference', 'payer-name', 'amount', 'due-date', 'description'] as const;
  const missing = required.filter((flag) => !values[flag]);
  if (missing.length)
    throw new CliUsageError(`ob bills create needs ${missing.map((f) => `--${f}`).join(', ')}`);
  const Data: Record<string, unknown> = {
    Category: values.category,
    Reference: values.reference,
    PayerName: values['payer-name'],
    Amount: values.amount,
    DueDate: values['due-date'],
    Description: values.description,
  };
  if (values['payable-until']) Data.PayableUntil = values['payable-until'];
  if (values['payer-id']) Data.PayerId = { SchemeName: 'VN.CCCD', Identification: values['payer-id'] };
  const client = clientFrom(values);
  const { data, error } = await client.POST('/v1/bills', { body: { Data } as never });
  if (error) throw error;
  process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  return 0;
}
