/**
 * Prints new signing material for a deployed stack's Secrets Manager secret: the authorization
 * server's keys and the live initial access token (see the README's "Deploy to AWS").
 *
 *   npm run signing-material > keys.json
 */
import { randomUUID } from 'node:crypto';
import { generateSigningMaterial } from '../functions/authorization-server/signing-keys.ts';

process.stdout.write(
  JSON.stringify({ ...(await generateSigningMaterial()), initialAccessToken: randomUUID() }),
);
