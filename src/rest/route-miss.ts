/** The routes of an OpenAPI document's `paths` (`/campaigns/{id}`), as patterns over a request path below the base. */
export function routeMatcher(paths: Record<string, Record<string, unknown>>) {
  const routes = Object.entries(paths).map(([path, operations]) => ({
    pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^/}]+\}/g, '[^/]+')}$`),
    methods: Object.keys(operations).map((method) => method.toUpperCase()),
  }));
  /** The methods the path answers to; empty when no route has the path. */
  return (path: string): string[] => [...new Set(routes.filter((route) => route.pattern.test(path)).flatMap((route) => route.methods))];
}
