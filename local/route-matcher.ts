import type { HttpMethod, Route } from '../functions/routing/routes.ts';

export interface Match {
  route: Route;
  pathParameters: Record<string, string> | null;
}

export type Lookup =
  | { kind: 'found'; match: Match }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'none' };

interface Compiled {
  route: Route;
  pattern: RegExp;
  names: string[];
  /** Static segments first, greedy proxies last: like API Gateway's own precedence. */
  rank: number;
}

/** Matches request paths against API Gateway resource templates (`{Name}`, `{proxy+}`). */
export function routeMatcher(routes: Route[]): (method: string, path: string) => Lookup {
  const compiled = routes.map(compile).sort((a, b) => b.rank - a.rank);
  return function lookup(method, path) {
    const allowed = new Set<string>();
    for (const entry of compiled) {
      const found = entry.pattern.exec(path);
      if (!found) continue;
      if (entry.route.method !== (method as HttpMethod)) {
        allowed.add(entry.route.method);
        continue;
      }
      const params = Object.fromEntries(entry.names.map((name, i) => [name, found[i + 1]!]));
      return {
        kind: 'found',
        match: { route: entry.route, pathParameters: entry.names.length ? params : null },
      };
    }
    return allowed.size ? { kind: 'wrong-method', allowed: [...allowed] } : { kind: 'none' };
  };
}

function compile(route: Route): Compiled {
  const names: string[] = [];
  let rank = 0;
  const source = route.path
    .split('/')
    .map((segment) => {
      const greedy = /^\{(\w+)\+\}$/.exec(segment);
      if (greedy) {
        names.push(greedy[1]!);
        return '(.+)';
      }
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param) {
        names.push(param[1]!);
        rank += 1;
        return '([^/]+)';
      }
      rank += 3;
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names, rank };
}
