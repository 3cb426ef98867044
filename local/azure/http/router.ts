// Routes by method and a case-insensitive path pattern; each route names the operation it counts as.
import type { EmulatorRequest, Reply } from './request';

export type Handler = (request: EmulatorRequest, params: string[]) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  pattern: RegExp;
  /** Name in the call counts, e.g. "PUT resourceGroups". */
  operation: string;
  handler: Handler;
}

export type RouteMatch = { route: Route; params: string[] } | { methodNotAllowed: true } | undefined;

export class Router {
  private readonly routes: Route[] = [];

  /** pattern is matched against the whole path, case-insensitively. */
  add(method: string, pattern: string, operation: string, handler: Handler): void {
    this.routes.push({ method: method.toUpperCase(), pattern: new RegExp(`^${pattern}$`, 'i'), operation, handler });
  }

  match(method: string, path: string): RouteMatch {
    let pathKnown = false;
    for (const route of this.routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      pathKnown = true;
      if (route.method === method.toUpperCase()) return { route, params: match.slice(1).map((value) => value ?? '') };
    }
    return pathKnown ? { methodNotAllowed: true } : undefined;
  }
}
