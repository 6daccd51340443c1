/**
 * Prints new signing material for a deployed stack's Secrets Manager secrets (see the README's
 * "Deploy to AWS"): the authorization server's keys, or with `--documents` the document-signing
 * key (bill receipts, checkout results). Partners register with initial access tokens an operator
 * issues to each of them (`npm run operator -- initial-access-token issue`).
 *
 *   npm run signing-material > keys.json
 *   npm run signing-material -- --documents > document-keys.json
 */
import { generateSigningMaterial } from '../functions/authorization-server/signing-keys.ts';
import { generateDocumentKeys } from '../functions/runtime/document-keys.ts';

const material = process.argv.includes('--documents')
  ? await generateDocumentKeys()
  : await generateSigningMaterial();
process.stdout.write(JSON.stringify(material));
