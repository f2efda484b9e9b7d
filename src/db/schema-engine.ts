import { readFile } from 'node:fs/promises';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';
import { providerOf } from './adapter.ts';
import { createSqliteAdapterFactory } from './sqlite-adapter.ts';
import { type DatabaseProvider, prismaSchemaFor } from './prisma-schema.ts';

export type { SchemaEngine };

/**
 * Tables the hand-written search migration owns (Prisma models neither FTS5 nor tsvector): the
 * engine's diff leaves them alone instead of dropping them. FTS5 keeps its index in shadow tables.
 */
const searchTables = ['SearchDocument', ...['', '_config', '_data', '_docsize', '_idx'].map((suffix) => `SearchDocumentText${suffix}`)];

export const schemaFilterFor = (provider: DatabaseProvider): SchemaFilter => ({
  // PostgreSQL wants them qualified by schema; Herald's tables live in `public`.
  externalTables: provider === 'postgresql' ? searchTables.map((table) => `public.${table}`) : searchTables,
  externalEnums: [],
});
export const schemaFileName = 'schema.prisma';

let engineClass: Promise<typeof glue.SchemaEngine> | undefined;

/** Prisma's schema engine compiled to WebAssembly, instantiated once per process. */
function loadSchemaEngine(): Promise<typeof glue.SchemaEngine> {
  engineClass ??= (async () => {
    // A bundler-style wasm-bindgen build: Node 20 cannot import the .wasm module without a flag.
    const wasmUrl = new URL('schema_engine_bg.wasm', import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const { instance } = await WebAssembly.instantiate(await readFile(wasmUrl), { './schema_engine_bg.js': unrefTimers(glue) });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue.SchemaEngine;
  })();
  engineClass.catch(() => (engineClass = undefined));
  return engineClass;
}

/**
 * The engine never clears its timers (it races the PostgreSQL advisory lock against a 10 s one),
 * which would keep the process alive for 10 s after every migration. Its connections keep the
 * process alive while it works, so unreferenced timers are enough.
 */
function unrefTimers(imports: WebAssembly.ModuleImports): WebAssembly.ModuleImports {
  return Object.fromEntries(
    Object.entries(imports).map(([name, value]) => {
      if (!name.startsWith('__wbg_setTimeout_') || typeof value !== 'function') return [name, value];
      return [name, (...args: unknown[]) => {
        const timer = value(...args);
        timer?.unref?.();
        return timer;
      }];
    }),
  );
}

export interface OpenSchemaEngineOptions {
  /** The Prisma schema text; defaults to the project schema for the provider. */
  schema?: string;
  /** Receives the engine's JSON log lines. */
  log?: (message: string) => void;
}

/** A database URL, or an adapter factory when the caller controls the connections (e.g. the shadow database). */
export type EngineConnection = string | SqlMigrationAwareDriverAdapterFactory;

export interface OpenSchemaEngine {
  engine: SchemaEngine;
  /** Frees the engine and disposes every connection it opened. Call once its promises have settled. */
  close(): Promise<void>;
}

export async function openSchemaEngine(
  provider: DatabaseProvider,
  connection: EngineConnection,
  options: OpenSchemaEngineOptions = {},
): Promise<OpenSchemaEngine> {
  const SchemaEngineClass = await loadSchemaEngine();
  const schema = options.schema ?? prismaSchemaFor(provider);
  const { factory, opened } = trackConnections(typeof connection === 'string' ? migrationAdapterFactory(connection) : connection);
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  // Driver errors reach JS as "External error id#N"; the real error waits in the registry.
  const explain = (error: unknown): never => {
    const id = /External error id#(\d+)/.exec(String(error))?.[1];
    const external = id === undefined ? undefined : bound.errorRegistry.consumeError(Number(id))?.error;
    throw external ?? error;
  };
  let engine: SchemaEngine;
  try {
    engine = await SchemaEngineClass.new({ datamodels: [[schemaFileName, schema]] }, options.log ?? (() => {}), bound).catch(explain);
  } catch (error) {
    await disposeAll(opened);
    throw error;
  }
  const explained = new Proxy(engine, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = value.apply(target, args);
        return result instanceof Promise ? result.catch(explain) : result;
      };
    },
  });
  return {
    engine: explained,
    async close() {
      engine.free();
      await disposeAll(opened);
    },
  };
}

/** Runs `use` with an engine and always closes it afterwards. */
export async function withSchemaEngine<T>(
  provider: DatabaseProvider,
  connection: EngineConnection,
  use: (engine: SchemaEngine) => Promise<T>,
  options?: OpenSchemaEngineOptions,
): Promise<T> {
  const { engine, close } = await openSchemaEngine(provider, connection, options);
  try {
    return await use(engine);
  } finally {
    await close();
  }
}

/**
 * The app's adapter factory, adjusted for the engine: PostgreSQL columns of pg's internal `"char"` type
 * (e.g. pg_constraint.contype) come back as text, since @prisma/adapter-pg rejects that type and
 * every schema description (diff from migrations) would fail; SQLite gets `withSqliteScripts`.
 */
export function migrationAdapterFactory(databaseUrl: string): SqlMigrationAwareDriverAdapterFactory {
  if (providerOf(databaseUrl) === 'postgresql') return withPostgresScripts(new PrismaPg({ connectionString: databaseUrl, Client: CharAsTextClient }));
  return withSqliteScripts(createSqliteAdapterFactory(databaseUrl));
}

/**
 * @prisma/adapter-pg runs a migration script by splitting it at every `;`, which cuts function
 * bodies (the search triggers' plpgsql) apart: send the script whole instead. Without parameters
 * node-postgres uses the simple query protocol, which runs several statements in one call.
 */
function withPostgresScripts(inner: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  const wholeScripts = (adapter: SqlDriverAdapter) => {
    const { client, onError } = adapter as unknown as { client: pg.Pool | pg.Client; onError(error: unknown): never };
    return override(adapter, {
      async executeScript(script) {
        try {
          await client.query(script);
        } catch (error) {
          onError.call(adapter, error);
        }
      },
    });
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => wholeScripts(await inner.connect()),
    connectToShadowDb: async () => wholeScripts(await inner.connectToShadowDb()),
  };
}

/**
 * The engine applies whole migration scripts to the shadow database through `executeRaw`, which
 * better-sqlite3 rejects ("more than one statement"): run those through `executeScript` instead.
 */
export function withSqliteScripts(inner: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  const runScripts = (adapter: SqlDriverAdapter) =>
    override(adapter, {
      async executeRaw(query) {
        try {
          return await adapter.executeRaw(query);
        } catch (error) {
          if (query.args.length > 0 || !String(error).includes('more than one statement')) throw error;
          await adapter.executeScript(query.sql);
          return 0;
        }
      },
    });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => runScripts(await inner.connect()),
    connectToShadowDb: async () => runScripts(await inner.connectToShadowDb()),
  };
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

class CharAsTextClient extends pg.Client {
  // One implementation for every overload of pg's query(): callback, promise or submittable.
  override query(...args: unknown[]): any {
    const last = args.at(-1);
    if (typeof last === 'function') {
      args[args.length - 1] = (error: Error | null, result: unknown) => last(error, charAsText(result));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const returned = (super.query as (...a: unknown[]) => unknown)(...args);
    return returned instanceof Promise ? returned.then(charAsText) : returned;
  }
}

function charAsText(result: unknown) {
  // A failed query calls back without a result: the error must reach the engine, not a TypeError.
  for (const { fields } of [result ?? []].flat() as { fields?: pg.FieldDef[] }[]) {
    for (const field of fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  }
  return result;
}

/**
 * The engine does not close its main connection; left open, a SQLite connection keeps the file
 * locked (SQLITE_BUSY for the app) and a pg pool keeps the process alive.
 */
function trackConnections(inner: SqlMigrationAwareDriverAdapterFactory) {
  const opened: SqlDriverAdapter[] = [];
  const track = async (connection: Promise<SqlDriverAdapter>) => {
    const adapter = disposeOnce(await connection);
    opened.push(adapter);
    return adapter;
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: () => track(inner.connect()),
    connectToShadowDb: () => track(inner.connectToShadowDb()),
  };
  return { factory, opened };
}

/** The engine may dispose a connection itself (pg's Pool.end() throws when called twice). */
function disposeOnce(adapter: SqlDriverAdapter): SqlDriverAdapter {
  let disposed: Promise<void> | undefined;
  return override(adapter, { dispose: () => (disposed ??= adapter.dispose()) });
}

/** The adapter with some methods replaced (a proxy: adapters are classes with private fields). */
function override(adapter: SqlDriverAdapter, methods: Partial<SqlDriverAdapter>): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, key) {
      if (Object.hasOwn(methods, key)) return methods[key as keyof SqlDriverAdapter];
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function disposeAll(adapters: SqlDriverAdapter[]) {
  const results = await Promise.allSettled(adapters.splice(0).map((adapter) => adapter.dispose()));
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}
