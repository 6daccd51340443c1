/**
 * Authorization benchmark: protected `GET /v1/aisp/accounts` (DPoP-bound JWT, DPoP proof with
 * its jti replay write, consent lookup) against the same handler logic unprotected
 * (bench/unprotected-accounts.ts), both through the same gateway and load generator in one
 * run; then where the time of one protected request goes, piece by piece.
 */
import { decodeJwt } from 'jose';
import { routeOf } from '../functions/routing/routes.ts';
import { dynamo } from '../functions/store/client.ts';
import { getAccount } from '../functions/store/ledger/accounts.ts';
import { type AccessTokenClaims, verifyAccessToken } from '../functions/use-cases/access/access-token.ts';
import { authoriseRequest, recordWhileReading } from '../functions/use-cases/access/authorise-request.ts';
import { type CheckedProof, checkDpopProof } from '../functions/use-cases/access/dpop-proof.ts';
import { createCustomer } from '../test/helpers/customers.ts';
import { DynamoCapture } from './capture.ts';
import { customerSession } from './customer-session.ts';
import { compare, LoadClient, type LoadRequest } from './load.ts';
import { type BenchRow, compared, median, round } from './report.ts';
import type { BenchPlatform } from './setup.ts';
import { useCaller } from './unprotected-accounts.ts';
import { describeWork, type Work } from './work.ts';

export interface AuthBenchOptions {
  concurrency?: number;
  /** Fresh client-credentials tokens to time uncached JWT verification on. */
  freshTokens?: number;
  /** Calls per in-process piece. */
  iterations?: number;
}

/** A piece of work to time; it may report its own duration (an HTTP request timed by the load client). */
type Piece = (i: number) => Promise<unknown>;

/**
 * Times each piece `iterations` times, in alternating batches so that machine noise spreads
 * over all of them; returns the median ms of each (a GC pause or a busy neighbour is not the
 * piece's cost). A piece resolving to `{ ms }` is credited with that time instead of the wall time.
 */
async function timePieces(
  pieces: Record<string, Piece>,
  iterations: number,
  batches = 5,
): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(pieces).map((name) => [name, []]));
  const perBatch = Math.ceil(iterations / batches);
  for (let batch = 0; batch < batches; batch++) {
    for (const [name, piece] of Object.entries(pieces)) {
      for (let i = 0; i < perBatch; i++) {
        const started = performance.now();
        const answer = (await piece(batch * perBatch + i)) as { ms?: number } | undefined;
        samples[name]!.push(typeof answer?.ms === 'number' ? answer.ms : performance.now() - started);
      }
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

/** Protected against unprotected throughput, and the cost of each authorization piece. */
export async function benchAuth(
  platform: BenchPlatform,
  options: AuthBenchOptions = {},
): Promise<BenchRow[]> {
  const concurrency = options.concurrency ?? 8;
  const iterations = options.iterations ?? 300;
  const client = new LoadClient();
  try {
    const customer = await createCustomer([5_000_000, 1_000_000]);
    const session = await customerSession(platform.baseUrl, customer);
    useCaller(await session.caller());

    // The twin must do the same work: same accounts, same view.
    const twinBody = await (await fetch(`${platform.baseUrl}/bench/aisp/accounts`)).json();
    const realBody = await session.fintech.call(session.accessToken, 'GET', '/v1/aisp/accounts');
    if (
      JSON.stringify(twinBody.Data) !== JSON.stringify(realBody.json.Data) ||
      twinBody.Data.Account.length !== 2
    ) {
      throw new Error(`the unprotected twin answers other data: ${JSON.stringify(twinBody.Data)}`);
    }

    const protectedSide = {
      origin: platform.baseUrl,
      requests: (n: number) => session.requests('/v1/aisp/accounts', n),
    };
    const twinSide = {
      origin: platform.baseUrl,
      requests: () => [{ path: '/bench/aisp/accounts', headers: { accept: 'application/json' } }],
    };
    const proofsBefore = { ...session.proofCost };
    const loaded = await compare(client, protectedSide, twinSide, {
      concurrency,
      warmup: 300,
      sliceSeconds: 1.5,
    });
    const proofMicros =
      (session.proofCost.micros - proofsBefore.micros) / (session.proofCost.count - proofsBefore.count);

    // The pieces, one call at a time with nothing else running, in this process.
    const url = new URL(`${platform.baseUrl}/v1/aisp/accounts`);
    const freshTokens = await Promise.all(
      Array.from({ length: options.freshTokens ?? 40 }, () => session.fintech.clientToken('accounts')),
    );
    await verifyAccessToken(await session.fintech.clientToken('accounts')); // fetches the JWKS once
    const proofs = await Promise.all(
      Array.from({ length: iterations + 10 }, () => session.proof('GET', url.href)),
    );
    // Whole requests, one in flight, timed by the load client between the pieces below, so
    // that the shares compare times taken under the same conditions.
    const protectedRequests = await session.requests('/v1/aisp/accounts', iterations + 10);
    const stepProofs = await Promise.all(
      Array.from({ length: iterations + 10 }, () => session.proof('GET', url.href)),
    );
    const one = async (request: LoadRequest) => ({
      ms: (await client.run(platform.baseUrl, [request], { concurrency: 1 })).latencies[0]!,
    });
    const accountIds = customer.accounts.map((account) => account.accountId);
    const policy = routeOf('GET', '/v1/aisp/accounts')!.caller!;
    const named = (decodeJwt(session.accessToken) as AccessTokenClaims).authorization_details?.find(
      (detail) => detail.type === 'consent',
    )?.account_ids;
    const accessRequest = (proof: string) => ({
      authorization: `DPoP ${session.accessToken}`,
      dpop: proof,
      method: 'GET',
      url,
    });
    // What the chain runs for this route: token, DPoP checks, then ONE round trip (the jti
    // PutItem beside the BatchGetItem of the consent and the token's accounts).
    const authorise = (i: number) => authoriseRequest(accessRequest(proofs[i]!), policy);
    // The same steps one after the other as authoriseRequest runs them, each timed, so that the
    // parts add up to the whole (the scope and consent checks between them are pure and tiny).
    const steps = { token: [] as number[], checks: [] as number[], roundTrip: [] as number[] };
    const roundTrip = (checked: CheckedProof) =>
      recordWhileReading(checked, session.consentId, named ?? [], undefined);
    const authoriseSteps = async (i: number) => {
      let at = performance.now();
      const lap = (list: number[]) => {
        const now = performance.now();
        list.push(now - at);
        at = now;
      };
      const claims = await verifyAccessToken(session.accessToken);
      lap(steps.token);
      const checked = await checkDpopProof({
        proof: stepProofs[i]!,
        method: 'GET',
        url,
        accessToken: session.accessToken,
        boundJkt: claims.cnf!.jkt!,
      });
      lap(steps.checks);
      await roundTrip(checked);
      lap(steps.roundTrip);
    };
    // The pieces must do what the code does: one captured authorisation and one captured round
    // trip make the same DynamoDB calls, or the rows would price something else.
    const capture = new DynamoCapture(dynamo);
    let authoriseWork: Work;
    let roundTripWork: Work;
    try {
      authoriseWork = (await capture.capture(() => authorise(iterations + 9))).captured.work;
      const spare = await session.proof('GET', url.href);
      const checked = await checkDpopProof({
        proof: spare,
        method: 'GET',
        url,
        accessToken: session.accessToken,
        boundJkt: session.jkt,
      });
      roundTripWork = (await capture.capture(() => roundTrip(checked))).captured.work;
    } finally {
      capture.remove();
    }
    const shape = (work: Work) =>
      JSON.stringify([work.operations, work.roundTrips, work.itemsRead, work.itemsWritten, work.conditions]);
    if (shape(authoriseWork) !== shape(roundTripWork) || authoriseWork.roundTrips !== 1)
      throw new Error(
        `the round-trip piece is not what authoriseRequest does: ${describeWork(roundTripWork)} vs ${describeWork(authoriseWork)}`,
      );
    // Uncached verification needs a token never seen before: one pass over the fresh ones.
    const uncached = await timePieces(
      { jwtUncached: (i) => verifyAccessToken(freshTokens[i]!) },
      freshTokens.length,
      1,
    );
    const pieces: Record<string, number> = {
      ...uncached,
      ...(await timePieces(
        {
          protectedRequest: (i) => one(protectedRequests[i]!),
          twinRequest: () => one(twinSide.requests()[0]!),
          jwtCached: () => verifyAccessToken(session.accessToken),
          authorise,
          authoriseSteps,
          twinReads: () => Promise.all(accountIds.map((id) => getAccount(id))),
        },
        iterations,
      )),
    };
    const request = pieces.protectedRequest!;
    const share = (name: string, ms: number, note: string, work?: Work): BenchRow => ({
      name: `auth piece: ${name}`,
      value: round(ms, 3),
      unit: 'ms',
      baseline: round(request, 3),
      ratio: round(ms / request, 3),
      ...(work ? { work } : {}),
      note: `${round((100 * ms) / request, 1)}% of a protected request (p50 ${round(request, 2)} ms, 1 in flight; pieces are medians); ${note}`,
    });
    const measuredOverhead = pieces.protectedRequest! - pieces.twinRequest!;

    return [
      compared(
        `auth GET /v1/aisp/accounts: requests/s, protected vs unprotected (${concurrency} in flight)`,
        loaded.ours.rate,
        loaded.baseline.rate,
        'req/s',
        'same handler logic and gateway; the twin skips the JWT and DPoP checks and reads its accounts with 2 GetItems where ours come with the consent in one BatchGetItem beside the jti PutItem',
      ),
      compared(
        'auth GET /v1/aisp/accounts: p50 latency, protected vs unprotected',
        loaded.ours.p50,
        loaded.baseline.p50,
        'ms',
        undefined,
        2,
      ),
      compared(
        'auth GET /v1/aisp/accounts: p99 latency, protected vs unprotected',
        loaded.ours.p99,
        loaded.baseline.p99,
        'ms',
        undefined,
        2,
      ),
      compared(
        'auth GET /v1/aisp/accounts: p50 latency, 1 in flight, protected vs unprotected',
        pieces.protectedRequest!,
        pieces.twinRequest!,
        'ms',
        `protection adds ${round(measuredOverhead, 2)} ms; authoriseRequest takes ${round(pieces.authorise!, 2)} ms (it also reads the accounts the twin reads on its own, ${round(pieces.twinReads!, 2)} ms)`,
        3,
      ),
      share(
        'JWT verify, uncached (signature)',
        pieces.jwtUncached!,
        `first sight of a token; ${freshTokens.length} fresh client tokens`,
      ),
      share('JWT verify, cached by hash', pieces.jwtCached!, 'every later request with the same token'),
      share(
        'authoriseRequest, whole',
        pieces.authorise!,
        "what the chain runs for this route: token, DPoP proof checks, then one round trip (jti PutItem beside the BatchGetItem of the consent and the token's accounts), consent checks",
        authoriseWork,
      ),
      share(
        '  step: access token verify (cached)',
        median(steps.token),
        'verifyAccessToken, as authoriseRequest runs it',
      ),
      share(
        '  step: DPoP proof checks, no storage',
        median(steps.checks),
        'checkDpopProof: header checks and key import (cached by header text), node:crypto signature verify, claims, ath hash',
      ),
      share(
        '  step: the one round trip',
        median(steps.roundTrip),
        "recordWhileReading: the jti's conditional PutItem in parallel with one BatchGetItem (consent + accounts); answers when both have",
        roundTripWork,
      ),
      share(
        "twin's account GetItems (not in ours)",
        pieces.twinReads!,
        `${accountIds.length} GetItems in parallel: the twin reads its accounts in its handler; ours read them inside the round trip above`,
      ),
      // No "rest" row: the request's median minus the pieces' medians is not a measured share.
      {
        name: 'client: DPoP proof creation (ES256, excluded above)',
        value: round(proofMicros, 1),
        unit: 'µs/proof',
        note: `made before each slice is sent; ${round(1e6 / proofMicros, 0)} proofs/s on the client`,
      },
    ];
  } finally {
    await client.close();
  }
}
