// A second subgraph and an Apollo gateway composing it with iscm-graph, for the composition test.
// Usage: node serve.mjs <iscm-graph url>
// Starts the `population` subgraph and the gateway on free loopback ports, composes the
// supergraph by introspecting both subgraphs, then prints one JSON line with both URLs.
// Exits 1 when composition fails.
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

const iscmUrl = process.argv[2];
if (!iscmUrl) {
  console.error('usage: node serve.mjs <iscm-graph url>');
  process.exit(2);
}
const listen = { host: '127.0.0.1', port: 0 };

// Demo data: a few capitals, enough for the test to join States across subgraphs.
const CAPITALS = {
  DEU: 'Berlin',
  MEX: 'Mexico City',
  PHL: 'Manila',
  SEN: 'Dakar',
  THA: 'Bangkok',
};

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  "A State, extended by this demo subgraph with its capital."
  type MemberState @key(fields: "iso3") {
    iso3: String!
    "Capital city (demo data of the composition test)."
    capitalCity: String
  }

  type Query {
    "States whose capital this subgraph knows; every other field comes from iscm-graph."
    capitals: [MemberState!]!
  }
`);

const capitalOf = (iso3) => ({ iso3, capitalCity: CAPITALS[iso3] ?? null });

const resolvers = {
  Query: {
    capitals: () => Object.keys(CAPITALS).map(capitalOf),
  },
  MemberState: {
    __resolveReference: ({ iso3 }) => capitalOf(iso3),
  },
};

const population = new ApolloServer({
  schema: buildSubgraphSchema({ typeDefs, resolvers }),
  plugins: [ApolloServerPluginInlineTraceDisabled()],
});
const { url: populationUrl } = await startStandaloneServer(population, { listen });

const gateway = new ApolloGateway({
  supergraphSdl: new IntrospectAndCompose({
    subgraphs: [
      { name: 'iscm', url: iscmUrl },
      { name: 'population', url: populationUrl },
    ],
  }),
});
const server = new ApolloServer({ gateway });
let gatewayUrl;
try {
  ({ url: gatewayUrl } = await startStandaloneServer(server, { listen }));
} catch (error) {
  console.error(`composition failed: ${error.message}`);
  process.exit(1);
}
console.log(JSON.stringify({ gateway: gatewayUrl, population: populationUrl }));

const stop = async () => {
  await Promise.allSettled([server.stop(), population.stop()]);
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
