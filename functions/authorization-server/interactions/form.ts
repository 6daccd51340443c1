import type { IncomingMessage } from 'node:http';

const MAX_FORM_BYTES = 16 * 1024;

/** A form over {@link MAX_FORM_BYTES}: no page of these steps posts one; answered with a 413 page. */
export class FormTooLarge extends Error {
  override name = 'FormTooLarge';
  constructor() {
    super(`The form is over ${MAX_FORM_BYTES} bytes; no page of this sign-in posts one.`);
  }
}

/** Reads an `application/x-www-form-urlencoded` body (the pages' forms), bounded in size. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new FormTooLarge();
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
