import { defineConfig } from 'vitest/config';

// One suite, run against each database. Tests that do not touch a database run once, and the
// multi-instance test needs a database that several processes share.
const databaseIndependent = [
  'test/schema.test.ts',
  'test/migrations.test.ts',
  'test/tagging-eval.test.ts',
  'test/ai-offline.test.ts',
  'test/ai-openai-provider.test.ts',
  'test/ai-classify.test.ts',
  'test/startup.test.ts',
  'test/event-delivery.test.ts',
  'test/shared-event-execution.test.ts',
  'test/graphiql.test.ts',
];
const postgresOnly = ['test/multi-instance.test.ts', 'test/pgvector-search.test.ts'];

export default defineConfig({
  resolve: {
    // graphql 16 ships ESM and CJS builds. Node (and so every dependency) loads the CJS one;
    // without this alias Vite would hand the project's own files the ESM one, and the schema
    // would mix two copies of graphql.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    // Files run in two processes even on a 2-core machine (vitest's default there is one): most of a
    // file's time is spent waiting on servers, databases and child processes, and one worker took
    // over 40 minutes on a slow day.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'sqlite', include: ['test/**/*.test.ts'], exclude: postgresOnly, env: { TEST_DATABASE: 'sqlite' } },
      },
      {
        extends: true,
        test: {
          name: 'postgresql',
          include: ['test/**/*.test.ts'],
          exclude: databaseIndependent,
          env: { TEST_DATABASE: 'postgresql' },
        },
      },
    ],
  },
});
