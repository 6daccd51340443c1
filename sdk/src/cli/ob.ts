#!/usr/bin/env node
/**
 * `ob`: the SDK's command line. Exit codes: 0 done; 1 the platform refused (its envelope's code,
 * message and interaction id are printed); 2 usage (unknown command or flag); 3 could not run
 * (no client file, network down, unusable key).
 */
import { OpenBankingError } from '../errors.ts';
import { billsCreateCommand } from './bills.ts';
import { callCommand } from './call.ts';
import { listenCommand } from './listen.ts';
import { registerCommand } from './register.ts';
import { tokenCommand } from './token.ts';
import { CliUsageError, USAGE } from './usage.ts';

export const EXIT = { ok: 0, refused: 1, usage: 2, failed: 3 } as const;

async function main(argv: string[]): Promise<number> {
  const [command, sub] = argv;
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? EXIT.ok : EXIT.usage;
  }
  if (command === 'clients' && sub === 'register') return registerCommand(argv.slice(2));
  if (command === 'token') return tokenCommand(argv.slice(1));
  if (command === 'call') return callCommand(argv.slice(1));
  if (command === 'bills' && sub === 'create') return billsCreateCommand(argv.slice(2));
  if (command === 'webhooks' && sub === 'listen') return listenCommand(argv.slice(2));
  throw new CliUsageError(`unknown command: ${argv.slice(0, 2).join(' ')}`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`ob: ${(error as Error).message}\n\n${USAGE}`);
      process.exitCode = EXIT.usage;
    } else if (error instanceof OpenBankingError) {
      process.stderr.write(
        `ob: ${error.status} ${error.code ?? ''} ${error.Message}${error.path ? ` (at ${error.path})` : ''}\n` +
          `interaction id: ${error.interactionId ?? 'none'}\n`,
      );
      process.exitCode = EXIT.refused;
    } else if (oauthErrorOf(error)) {
      process.stderr.write(`ob: ${oauthErrorOf(error)}\n`);
      process.exitCode = EXIT.refused;
    } else {
      process.stderr.write(`ob: ${(error as Error).message ?? String(error)}\n`);
      process.exitCode = EXIT.failed;
    }
  },
);

/**
 * The authorization server's refusal inside an oauth4webapi error, as `status error: description`:
 * its body (`ResponseBodyError`) or its `WWW-Authenticate` challenge; undefined for other errors.
 */
function oauthErrorOf(error: unknown): string | undefined {
  const refused = error as {
    status?: number;
    error?: unknown;
    error_description?: unknown;
    cause?: unknown;
    response?: { status?: number };
  };
  const challenge = Array.isArray(refused.cause)
    ? (refused.cause[0] as { parameters?: { error?: string; error_description?: string } } | undefined)
        ?.parameters
    : undefined;
  const code = typeof refused.error === 'string' ? refused.error : challenge?.error;
  if (!code) return undefined;
  const description =
    typeof refused.error_description === 'string' ? refused.error_description : challenge?.error_description;
  const status = refused.status ?? refused.response?.status;
  return `${status ? `${status} ` : ''}${code}${description ? `: ${description}` : ''}`;
}
