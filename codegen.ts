import type { CodegenConfig } from '@graphql-codegen/cli';

const scalars = { DateTime: 'string', JSON: 'unknown', ID: 'string' };

// Typed documents for the operations the tests and the example client send, and the files a
// client of another kind needs (Apollo's possibleTypes).
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: true,
  emitLegacyCommonJSImports: false,
  generates: {
    'test/generated/': {
      documents: ['test/**/*.ts', '!test/generated/**'],
      preset: 'client',
      config: { useTypeImports: true, enumsAsTypes: true, scalars },
      presetConfig: { fragmentMasking: false },
    },
    // The example client sends its operations by id: persisted-documents.json beside the
    // documents is the manifest a server runs them from (PERSISTED_OPERATIONS_FILE).
    'examples/client/generated/': {
      documents: ['examples/client/**/*.ts', '!examples/client/generated/**'],
      preset: 'client',
      config: { useTypeImports: true, enumsAsTypes: true, scalars },
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
    },
    // Apollo Client needs the members of each union and interface to match `... on Error`;
    // without them it drops `code` and `message` from error results.
    'examples/client/generated/possible-types.ts': {
      plugins: ['fragment-matcher'],
      config: { apolloClientVersion: 3, useExplicitTyping: true },
    },
  },
};

export default config;
