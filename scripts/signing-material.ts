/**
 * Prints new signing material for a deployed stack's Secrets Manager secret: the authorization
 * server's keys (see the README's "Deploy to AWS"). Partners register with initial access tokens
 * an operator issues to each of them (`npm run operator -- initial-access-token issue`).
 *
 *   npm run signing-material > keys.json
 */
import { generateSigningMaterial } from '../functions/authorization-server/signing-keys.ts';

process.stdout.write(JSON.stringify(await generateSigningMaterial()));
