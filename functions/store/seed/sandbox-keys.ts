import { keys } from '../keys.ts';

/**
 * Keys the sandbox adds to the single-table layout (functions/store/keys.ts):
 *
 * | item                      | pk       | sk                    | gsi2pk / gsi2sk                                   |
 * |---------------------------|----------|-----------------------|---------------------------------------------------|
 * | customer (sandbox-seeded) | (as is)  | (as is)               | SANDBOX#CUSTOMERS / <namespace>#<index, 8 digits> |
 * | seed marker               | SANDBOX  | SEED#<version>[#<ns>] |                                                   |
 *
 * Customer items use gsi1 for the username lookup and leave gsi2 free, so sandbox customers
 * join one gsi2 partition: `GET /sandbox/customers` pages through it with a Query in seeding
 * order (demo customers first), never a Scan of the whole table.
 */
export const SANDBOX_CUSTOMERS_PARTITION = 'SANDBOX#CUSTOMERS';

export const sandboxKeys = {
  customerListing: (namespace: string, index: number) => ({
    gsi2pk: SANDBOX_CUSTOMERS_PARTITION,
    gsi2sk: `${namespace}#${String(index).padStart(8, '0')}`,
  }),
  /** The default sandbox's marker is `SEED#<version>`; a namespace gets its own marker. */
  seedMarker: (version: string, namespace: string) =>
    keys.sandboxSeed(namespace === '' ? version : `${version}#${namespace}`),
};
