import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { GraphQLError, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.ts';
import { refusal } from './refusal.ts';

export const DEFAULT_PERSISTED_OPERATIONS_FILE = 'persisted-operations.json';

/** What a transport received: HTTP's params or a graphql-ws subscribe payload. */
interface OperationParams {
  query?: unknown;
  documentId?: unknown;
  extensions?: unknown;
}

/**
 * The id a client sent instead of a document: `documentId` (GraphQL over HTTP's persisted
 * documents, urql's `documentId`), or Apollo's and urql's `extensions.persistedQuery.sha256Hash`.
 */
export function persistedOperationIdOf(params: OperationParams, url?: URL): string | null {
  if (typeof params.documentId === 'string') return params.documentId;
  const fromUrl = url?.searchParams.get('documentId');
  if (fromUrl) return fromUrl;
  const persisted = (params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | null | undefined)?.persistedQuery;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : null;
}

const notFound = (id: string) =>
  refusal('PERSISTED_QUERY_NOT_FOUND', `No persisted operation has the id "${id.slice(0, 100)}"; this server knows only the operations of its manifest.`);

const documentRequired = () =>
  refusal(
    'PERSISTED_QUERY_REQUIRED',
    'This server runs persisted operations only: send the id of an operation of its manifest (documentId, or extensions.persistedQuery.sha256Hash) instead of a document.',
  );

const nothingToRun = () =>
  new GraphQLError('Must provide a query string or the id of a persisted operation (documentId).', {
    extensions: { code: 'BAD_REQUEST', http: { status: 400, spec: false } },
  });

export interface PersistedOperations {
  readonly size: number;
  /** The HTTP side: yoga's persisted-operations plugin over this manifest. */
  plugin(): Plugin;
  /**
   * The same rules for a transport yoga's HTTP hooks do not see (graphql-ws): the document to
   * run, or the refusal HTTP would have answered.
   */
  documentFor(params: OperationParams): { query: string } | { error: GraphQLError };
}

/**
 * Operations clients may send by id, read once at start from a manifest: a JSON object of
 * id → document, as codegen's client preset writes it (persisted-documents.json). With
 * `only`, anything but an id of the manifest is refused.
 */
export function createPersistedOperations(manifest: ReadonlyMap<string, string>, { only }: { only: boolean }): PersistedOperations {
  return {
    size: manifest.size,
    plugin: () =>
      usePersistedOperations({
        allowArbitraryOperations: !only,
        getPersistedOperation: (id) => manifest.get(id) ?? null,
        extractPersistedOperationId: (params, request) => persistedOperationIdOf(params as OperationParams, new URL(request.url, 'http://localhost')),
        customErrors: {
          notFound: ({ params, request }) => notFound(persistedOperationIdOf(params as OperationParams, new URL(request.url, 'http://localhost')) ?? ''),
          persistedQueryOnly: documentRequired,
          keyNotFound: nothingToRun,
        },
      }),
    documentFor(params) {
      if (typeof params.query === 'string' && params.query !== '') return only ? { error: documentRequired() } : { query: params.query };
      const id = persistedOperationIdOf(params);
      if (id === null) return { error: nothingToRun() };
      const query = manifest.get(id);
      return query === undefined ? { error: notFound(id) } : { query };
    },
  };
}

/**
 * Reads PERSISTED_OPERATIONS_FILE (relative to the working directory). The default file may be
 * absent (then no operation is known by id); a file named on purpose, or any file while only
 * persisted operations run, must be there and be valid, or the server does not start.
 */
export function loadPersistedOperations(config: Pick<Config, 'PERSISTED_OPERATIONS_FILE' | 'PERSISTED_OPERATIONS_ONLY'>): PersistedOperations {
  const named = config.PERSISTED_OPERATIONS_FILE;
  const path = resolve(named ?? DEFAULT_PERSISTED_OPERATIONS_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (missing && !named && !config.PERSISTED_OPERATIONS_ONLY) return createPersistedOperations(new Map(), { only: false });
    const why = config.PERSISTED_OPERATIONS_ONLY && !named ? 'PERSISTED_OPERATIONS_ONLY=true needs the manifest of persisted operations' : 'PERSISTED_OPERATIONS_FILE';
    throw new Error(`${why}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return createPersistedOperations(parseManifest(text, path), { only: config.PERSISTED_OPERATIONS_ONLY });
}

function parseManifest(text: string, path: string): Map<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`PERSISTED_OPERATIONS_FILE: ${path} is not JSON`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error(`PERSISTED_OPERATIONS_FILE: ${path} must be a JSON object of id → document`);
  const manifest = new Map<string, string>();
  for (const [id, document] of Object.entries(json)) {
    if (typeof document !== 'string') throw new Error(`PERSISTED_OPERATIONS_FILE: the operation "${id}" in ${path} is not a string`);
    try {
      parse(document);
    } catch (error) {
      throw new Error(`PERSISTED_OPERATIONS_FILE: the operation "${id}" in ${path} is not GraphQL: ${(error as Error).message}`);
    }
    manifest.set(id, document);
  }
  return manifest;
}
