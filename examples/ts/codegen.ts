// graphql-codegen configuration of the TypeScript example: typed documents
// (the client preset) generated from Kembang's committed schema, the same
// files gqlgen reads (gqlgen.yml), and the graphql(`...`) documents in src/.
// `npm run codegen` rewrites src/gql/.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: ['../../schema.graphqls', '../../graph/*.graphqls'],
  documents: ['src/**/*.ts', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      config: {
        // Documents as strings: any fetch sends them, no GraphQL runtime.
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: {
          Cursor: 'string',
          Time: 'string', // RFC 3339
          Date: 'string', // YYYY-MM-DD, a calendar day
        },
      },
      presetConfig: {
        fragmentMasking: false,
      },
    },
  },
};

export default config;
