import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { dynamo, mainTableName } from './client.ts';

const tableName = mainTableName();

/** Whether the main table answers a DescribeTable; any failure means it does not. */
export async function mainTableAnswers(): Promise<boolean> {
  try {
    await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch {
    return false;
  }
}
