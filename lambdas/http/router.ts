/** Finds the route for a method and path, from the one route table. */
import { NotFound, ValidationFailed } from '../domain/errors';
import { MethodNotAllowed } from './error-responses';
import type { Route } from './routes';

interface CompiledRoute {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly names: string[];
}

/** A router over `routes`: literal segments win over parameters. */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(readonly routes: readonly Route[]) {
    this.compiled = [...routes]
      .sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0))
      .map((route) => {
        const names: string[] = [];
        const source = route.path
          .split('/')
          .map((segment) => {
            const param = /^\{(\w+)\}$/.exec(segment);
            if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            names.push(param[1]);
            return '([^/]+)';
          })
          .join('/');
        return { route, pattern: new RegExp(`^${source}$`), names };
      });
  }

  /** The route for a method and path with its decoded path parameters; throws 404 or 405. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } {
    const allowed: string[] = [];
    for (const { route, pattern, names } of this.compiled) {
      const found = pattern.exec(path);
      if (!found) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      try {
        names.forEach((name, i) => {
          params[name] = decodeURIComponent(found[i + 1] ?? '');
        });
      } catch {
        // A path whose encoding cannot be read is a malformed request, as the local servers say too.
        throw new ValidationFailed('The path is not valid', { path: 'has an encoding that cannot be read' });
      }
      return { route, params };
    }
    if (allowed.length) throw new MethodNotAllowed([...new Set(allowed)]);
    throw new NotFound('No such route');
  }
}
