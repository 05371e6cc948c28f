import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * A client's view: typed documents generated from the committed schema artifact
 * (`npm run schema:print`), not from a running gateway. Run from the repository root:
 * `npm run example:client`.
 */
const config: CodegenConfig = {
  schema: 'schema.snapshot.graphql',
  documents: ['examples/client/src/**/*.ts', '!examples/client/src/gql/**'],
  ignoreNoDocuments: false,
  // .js suffixes on the generated relative imports, as NodeNext ESM requires.
  emitLegacyCommonJSImports: false,
  generates: {
    'examples/client/src/gql/': {
      preset: 'client',
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string' } },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
