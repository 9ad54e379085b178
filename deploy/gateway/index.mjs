// An Apollo gateway in front of iscm-graph instances.
// SUBGRAPHS lists the subgraphs as comma-separated name=url pairs, e.g.
//   SUBGRAPHS=iscm=http://iscm:8000/graphql,population=http://population:4001/graphql
// The gateway composes the supergraph by introspecting each subgraph's `_service { sdl }`,
// asks for federated traces (ftv1) and forwards the client's X-Request-ID and Authorization.
// PORT (default 4000) and HOST (default 0.0.0.0) choose where it listens. Once it listens it
// prints one JSON line: {"url": "..."}.
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

export function parseSubgraphs(value) {
  const subgraphs = (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const at = item.indexOf('=');
      if (at < 1) throw new Error(`SUBGRAPHS item "${item}" is not name=url`);
      return { name: item.slice(0, at), url: item.slice(at + 1) };
    });
  if (subgraphs.length === 0) throw new Error('SUBGRAPHS names no subgraph');
  return subgraphs;
}

const FORWARDED = ['authorization', 'x-request-id'];

class ForwardingDataSource extends RemoteGraphQLDataSource {
  willSendRequest({ request, context }) {
    for (const name of FORWARDED) {
      const value = context?.headers?.[name];
      if (value) request.http.headers.set(name, value);
    }
  }
}

const gateway = new ApolloGateway({
  supergraphSdl: new IntrospectAndCompose({ subgraphs: parseSubgraphs(process.env.SUBGRAPHS) }),
  buildService: ({ url }) => new ForwardingDataSource({ url }),
});
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { host: process.env.HOST ?? '0.0.0.0', port: Number(process.env.PORT ?? 4000) },
  context: async ({ req }) => ({ headers: req.headers }),
});
console.log(JSON.stringify({ url }));

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, async () => {
    await server.stop();
    process.exit(0);
  });
}
