import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { apiHandler } from '#http/handler.ts';
import { dynamo, mainTableName } from '#store/client.ts';

const tableName = mainTableName();

/** GET /v1/health: up, and whether the table answers. A failing store is a 503, not a 500. */
export const handler = apiHandler({}, async (request) => {
  const started = Date.now();
  let storage: 'Available' | 'Unavailable' = 'Available';
  try {
    await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
  } catch {
    storage = 'Unavailable';
  }
  return {
    status: storage === 'Available' ? 200 : 503,
    body: {
      Data: {
        Status: storage === 'Available' ? 'Healthy' : 'Degraded',
        Storage: storage,
        LatencyMs: Date.now() - started,
      },
      Links: { Self: request.url.href },
      Meta: {},
    },
  };
});
