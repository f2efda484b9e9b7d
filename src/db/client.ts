import type { PrismaClient as PostgresPrismaClient } from '../generated/prisma-postgresql/client.ts';
import { auditedClient } from '../audit/audited-client.ts';
import { loadAdapterFactory, providerOf } from './adapter.ts';
import { setDatabaseProvider } from './provider.ts';

export type PrismaClient = PostgresPrismaClient;

type QueryListener = (sql: string) => void;
const queryListeners = new Set<QueryListener>();

/** Observes every SQL statement the app runs (used to prove queries stay bounded); needs OBSERVE_SQL. */
export function onQuery(listener: QueryListener): () => void {
  queryListeners.add(listener);
  return () => queryListeners.delete(listener);
}

/** Only the client of the database in use is loaded: each one carries its own query compiler. */
async function loadClientClass(databaseUrl: string): Promise<typeof PostgresPrismaClient> {
  if (providerOf(databaseUrl) === 'postgresql') return (await import('../generated/prisma-postgresql/client.ts')).PrismaClient;
  // Both generated clients expose the same model API; the PostgreSQL one is the canonical type.
  return (await import('../generated/prisma-sqlite/client.ts')).PrismaClient as unknown as typeof PostgresPrismaClient;
}

async function createClient(databaseUrl: string, observeQueries: boolean): Promise<PrismaClient> {
  const adapter = await loadAdapterFactory(databaseUrl);
  // Minimal errors: the default format quotes the query's arguments, which may hold what users typed.
  // Query events cost time on every statement, so they are on only when tests or benchmarks count.
  const options = { adapter, errorFormat: 'minimal' as const, log: observeQueries ? [{ level: 'query' as const, emit: 'event' as const }] : [] };
  const Client = await loadClientClass(databaseUrl);
  const client = new Client(options);
  if (observeQueries) {
    (client as PostgresPrismaClient<'query'>).$on('query', (event) => {
      for (const listener of queryListeners) listener(event.query);
    });
  }
  return client;
}

let current: PrismaClient | undefined;

/** The process-wide client; `openDatabase` must have run first. */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_, property) {
    const client = requireOpen();
    const value = Reflect.get(client, property);
    return typeof value === 'function' ? value.bind(client) : value;
  },
  has: (_, property) => Reflect.has(requireOpen(), property),
});

function requireOpen(): PrismaClient {
  if (!current) throw new Error('Database is not open: call openDatabase() first');
  return current;
}

export async function openDatabase(databaseUrl: string, { observeQueries = false } = {}): Promise<PrismaClient> {
  if (current) await current.$disconnect();
  const client = await createClient(databaseUrl, observeQueries);
  await client.$connect();
  setDatabaseProvider(providerOf(databaseUrl));
  // Every write to business data is audited in its transaction (src/audit).
  current = auditedClient(client);
  return current;
}

export async function closeDatabase(): Promise<void> {
  await current?.$disconnect();
  current = undefined;
}
