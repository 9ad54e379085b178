// graphql-codegen: typed documents for TypeScript frontends (Apollo Client, urql, graphql-request,
// plain fetch) from the service's client schema and the operations they send.
// Regenerate after changing schema.graphql or an operation: `npm run generate`, then
// `npm run check` type-checks it and src/example.ts (tests/node/test_typescript_client.py does
// both).
import type { CodegenConfig } from '@graphql-codegen/cli';

// CODEGEN_OUTPUT lets the tests generate elsewhere and compare with what is checked in.
const output = process.env.CODEGEN_OUTPUT ?? 'src/graphql/';

const config: CodegenConfig = {
  schema: '../../schema.graphql',
  documents: ['../../examples/queries/*.graphql', 'operations/*.graphql'],
  generates: {
    [output]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { Date: 'string', DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
  // The same bytes on every machine: no timestamps, no prettier.
  silent: true,
};

export default config;
