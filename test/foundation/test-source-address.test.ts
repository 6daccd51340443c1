import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { sourceWindow } from '../../functions/domain/sign-in-throttle.ts';
import { documents, mainTableName } from '../../functions/store/client.ts';
import { keys } from '../../functions/store/keys.ts';
import { useGateway } from '../helpers/gateway.ts';
import { testSourceAddress } from '../setup/environment.ts';

const api = useGateway();

describe('each test file calls from a loopback address of its own', () => {
  it('is the source the sign-in throttle counts, not the shared 127.0.0.1', async () => {
    // Prepare: an address unlike the default, so the test cannot pass by accident
    expect(testSourceAddress).toMatch(/^127\.\d+\.\d+\.\d+$/);
    expect(testSourceAddress).not.toBe('127.0.0.1');
    const window = sourceWindow(Date.now() / 1000);
    // Act: a failed sign-in through fetch, as the helpers and the SDK send it
    const response = await fetch(`${api.url}/account/login?lang=en`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: `nobody.${randomUUID()}`, password: 'wrong', otp: '123456' }),
    });
    // Assess: refused, and counted against this file's address
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get('location')!, api.url).searchParams.get('error')).toBe('loginFailed');
    const counted = async (source: string) =>
      (
        await documents.send(
          new GetCommand({
            TableName: mainTableName(),
            Key: keys.loginSource(source, window),
            ConsistentRead: true,
          }),
        )
      ).Item?.attempts;
    expect(await counted(testSourceAddress)).toBeGreaterThanOrEqual(1);
  });
});
