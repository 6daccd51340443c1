import { mainTable } from '../functions/store/tables.ts';

/**
 * The environment handlers get locally: the same variables CDK sets in AWS, plus the
 * standard SDK endpoint setting that points DynamoDB calls at DynamoDB Local.
 */
export function localEnvironment(options: {
  dynamoEndpoint: string;
  publicBaseUrl: string;
  dataDir: string;
  sandbox: boolean;
  tableName?: string;
}): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    [mainTable.envVar]: options.tableName ?? mainTable.id,
    PUBLIC_BASE_URL: options.publicBaseUrl,
    DATA_DIR: options.dataDir,
    SANDBOX: options.sandbox ? '1' : '0',
    POWERTOOLS_DEV: 'true',
  };
}
