import { dynamo } from '../../functions/store/client.ts';

/** One DynamoDB call as the SDK made it: its operation and when it was in flight. */
interface TimedCall {
  operation: string;
  start: number;
  end: number;
}

/** What a piece of work cost in DynamoDB: every call, and how many had to wait for another. */
export interface RoundTrips {
  /** Operations in the order they were sent (`GetItem`, `BatchGetItem`, …). */
  calls: string[];
  /**
   * Serial round trips: the longest chain of calls each sent after the previous one had
   * answered. Calls in flight together count once (a PutItem beside a BatchGetItem is 1).
   */
  roundTrips: number;
}

const recorders = new Set<TimedCall[]>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  // On the platform's one DynamoDB client, which the document client shares: every handler,
  // use case and store call passes here once, whatever the SDK retries inside it.
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      if (recorders.size === 0) return next(args);
      const call: TimedCall = {
        operation: String(context.commandName ?? '').replace(/Command$/, ''),
        start: performance.now(),
        end: Number.POSITIVE_INFINITY,
      };
      const open = [...recorders];
      for (const recorder of open) recorder.push(call);
      try {
        return await next(args);
      } finally {
        call.end = performance.now();
      }
    },
    { step: 'initialize', name: 'testRoundTripCounter', priority: 'high' },
  );
}

/**
 * The round trips of a chain of calls: a call's depth is one more than the deepest call that
 * had answered before it was sent (any call that answered earlier may be what it waited for),
 * so the figure never undercounts a dependency.
 */
function depthOf(calls: TimedCall[]): number {
  const depth = new Map<TimedCall, number>();
  const byStart = [...calls].sort((a, b) => a.start - b.start);
  let deepest = 0;
  for (const call of byStart) {
    let before = 0;
    for (const other of byStart) {
      if (other !== call && other.end <= call.start) before = Math.max(before, depth.get(other) ?? 0);
    }
    depth.set(call, before + 1);
    deepest = Math.max(deepest, before + 1);
  }
  return deepest;
}

/**
 * Counts the DynamoDB calls and serial round trips this process makes while `work` runs
 * (through the platform's client, by an SDK middleware). Run nothing else against DynamoDB
 * meanwhile: every call in the window counts.
 *
 * @example const { result, roundTrips } = await countRoundTrips(() => fetch(url));
 */
export async function countRoundTrips<T>(work: () => Promise<T>): Promise<RoundTrips & { result: T }> {
  install();
  const calls: TimedCall[] = [];
  recorders.add(calls);
  try {
    const result = await work();
    if (calls.some((call) => call.end === Number.POSITIVE_INFINITY)) {
      throw new Error('a DynamoDB call was still in flight when the work answered');
    }
    return { result, calls: calls.map((call) => call.operation), roundTrips: depthOf(calls) };
  } finally {
    recorders.delete(calls);
  }
}
