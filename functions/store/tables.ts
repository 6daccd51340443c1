/**
 * Table definitions shared by the CDK stack and the local bootstrap, so the two cannot drift.
 * One single-table design: every item has `pk`/`sk`; two generic indexes serve the
 * secondary access patterns; `ttl` (epoch seconds) expires short-lived records.
 */
interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
}

export interface TableDefinition {
  /** Construct id in CDK; also the default local table name. */
  id: string;
  /** Environment variable through which handlers learn the table name. */
  envVar: string;
  partitionKey: string;
  sortKey: string;
  ttlAttribute: string;
  indexes: IndexDefinition[];
}

export const mainTable: TableDefinition = {
  id: 'Main',
  envVar: 'TABLE_NAME',
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'ttl',
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
};

export const tables: TableDefinition[] = [mainTable];
