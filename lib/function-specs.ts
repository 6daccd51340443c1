import type { Route, RouteAccess } from '../functions/routing/routes.ts';
import type { WorkerDefinition } from '../functions/routing/workers.ts';

/** One Lambda to build: a handler module and everything it may touch. */
export interface FunctionSpec {
  handler: string;
  access: RouteAccess;
  /** Routes served by this function (empty for workers); for the description and tests. */
  routes: Route[];
  /** Listed in the workers: invoked by events rather than only by API Gateway. */
  worker: boolean;
  timeoutSeconds?: number;
  memoryMiB?: number;
}

/**
 * One spec per distinct handler. A handler named by several routes gets the union of
 * their access, so the function can serve each of them and nothing more.
 */
export function functionSpecs(routes: Route[], workers: WorkerDefinition[] = []): FunctionSpec[] {
  const specs = new Map<string, FunctionSpec>();
  const specFor = (handler: string) => {
    let spec = specs.get(handler);
    if (!spec) {
      spec = { handler, access: {}, routes: [], worker: false };
      specs.set(handler, spec);
    }
    return spec;
  };
  for (const route of routes) {
    const spec = specFor(route.handler);
    spec.routes.push(route);
    spec.access = mergeAccess(spec.access, route.access);
  }
  for (const worker of workers) {
    const spec = specFor(worker.handler);
    // Invoked asynchronously (schedule, stream), unless API Gateway calls it as an authorizer.
    spec.worker = !worker.apiAuthorizer;
    spec.access = mergeAccess(spec.access, worker.access);
    if (worker.timeoutSeconds !== undefined) spec.timeoutSeconds = worker.timeoutSeconds;
    if (worker.memoryMiB !== undefined) spec.memoryMiB = worker.memoryMiB;
  }
  return [...specs.values()];
}

/** The least access that still covers both: every prefix either names, every flag either sets. */
function mergeAccess(a: RouteAccess, b: RouteAccess = {}): RouteAccess {
  const merged: Record<string, unknown> = {};
  for (const [name, value] of [...Object.entries(a), ...Object.entries(b)]) {
    if (Array.isArray(value)) {
      const union = new Set([...((merged[name] as string[] | undefined) ?? []), ...value]);
      merged[name] = [...union];
    } else if (value) {
      merged[name] = true;
    }
  }
  return merged as RouteAccess;
}
