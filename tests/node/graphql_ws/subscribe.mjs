// Subscribe with the reference graphql-ws client, configured as Apollo Client's GraphQLWsLink and
// urql's subscriptionExchange configure it (createClient + subscribe), and report each step.
// Usage: node subscribe.mjs <ws url> <iscm slug> [token]
// Prints one JSON line per step: {"connected": ...}, {"next": <result>} for the first event,
// then {"completed": true} once the subscription is completed and the client disposed.
// Exits 1, printing {"error": "..."}, when the client fails.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, iscm, token] = process.argv.slice(2);
if (!url || !iscm) {
  console.error('usage: node subscribe.mjs <ws url> <iscm slug> [token]');
  process.exit(2);
}
const print = (value) => console.log(JSON.stringify(value));
const fail = (error) => {
  print({ error: error instanceof Error ? error.message : String(error?.reason ?? error) });
  process.exit(1);
};

const client = createClient({
  url,
  // Node 20 has no WebSocket of its own; browsers use theirs.
  webSocketImpl: WebSocket,
  connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
  retryAttempts: 0,
  on: {
    connected: (_socket, payload) => print({ connected: payload ?? {} }),
    closed: (event) => {
      if (event?.code !== 1000) console.error(`closed: ${event?.code} ${event?.reason}`);
    },
  },
});

const events = client.iterate({
  query: `subscription Events($iscm: String) {
    reviewContributionEvents(iscm: $iscm) {
      __typename action version contribution { __typename id title status iscm { slug } }
    }
  }`,
  variables: { iscm },
});
try {
  for await (const result of events) {
    print({ next: result });
    break; // leaving the loop completes the subscription (the client sends `complete`)
  }
  await client.dispose();
  print({ completed: true });
} catch (error) {
  fail(error);
}
