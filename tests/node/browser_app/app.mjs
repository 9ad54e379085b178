// A browser app as frontend teams write one: urql's Client, queries and mutations over HTTP
// (fetchExchange) and subscriptions over graphql-ws (subscriptionExchange), as urql documents
// it, both through the deployed gateway. Bundled with esbuild from tests/node's packages; the
// page loads nothing from anywhere else.
//
// The page gives it, in <script id="config" type="application/json">: the gateway's HTTP and
// WebSocket URLs, a partner's token, the ISCM to watch, and the mutation creating a draft.
// It subscribes, then commits a draft through an authenticated mutation once a second until
// the subscription reports one of them, then completes the subscription and disposes of the
// client. Each step is pushed to `window.steps` and shown in the page; `window.done` resolves
// to the outcome.
import { Client, fetchExchange, gql, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';

const ATTEMPTS = 10;
const config = JSON.parse(document.getElementById('config').textContent);
const steps = [];
window.steps = steps;
const log = document.getElementById('log');
const record = (step) => {
  steps.push(step);
  const line = document.createElement('li');
  line.textContent = JSON.stringify(step);
  log.append(line);
};

const EVENTS = gql`
  subscription Events($iscm: String) {
    reviewContributionEvents(iscm: $iscm) {
      __typename
      action
      contribution {
        __typename
        id
        title
        status
        iscm {
          slug
        }
      }
    }
  }
`;

async function run() {
  let connected;
  const isConnected = new Promise((resolve) => {
    connected = resolve;
  });
  const ws = createWsClient({
    url: config.ws,
    connectionParams: { Authorization: `Bearer ${config.token}` },
    retryAttempts: 0,
    on: {
      connected: () => {
        record({ connected: true });
        connected();
      },
      closed: (event) => {
        if (event?.code !== 1000) record({ closed: event?.code ?? null, reason: event?.reason ?? null });
      },
      error: () => record({ error: 'the WebSocket failed' }),
    },
  });
  const client = new Client({
    url: config.http,
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              return { unsubscribe: ws.subscribe(input, sink) };
            },
          };
        },
      }),
    ],
    fetchOptions: () => ({ headers: { authorization: `Bearer ${config.token}` } }),
    requestPolicy: 'network-only',
  });

  let seen;
  const arrived = new Promise((resolve) => {
    seen = resolve;
  });
  const subscription = client
    .subscription(EVENTS, { iscm: config.iscm })
    .subscribe((result) => {
      if (result.error) record({ error: result.error.message });
      else seen(result.data.reviewContributionEvents);
    });
  await isConnected;

  // graphql-transport-ws does not acknowledge a subscription: commit until one is seen.
  const titles = [];
  let change = null;
  for (let attempt = 0; attempt < ATTEMPTS && change === null; attempt += 1) {
    const title = `${config.title} ${attempt}`;
    titles.push(title);
    const variables = { input: { ...config.mutation.variables.input, title } };
    const committed = await client.mutation(config.mutation.query, variables).toPromise();
    if (committed.error) {
      record({ error: committed.error.message });
      break;
    }
    const [payload] = Object.values(committed.data);
    record({ committed: title, errors: payload.errors });
    change = await Promise.race([arrived, new Promise((r) => setTimeout(() => r(null), 1000))]);
  }
  if (change === null) throw new Error(`no event after ${titles.length} committed drafts`);
  record({ next: change, titles });
  subscription.unsubscribe(); // urql tears the operation down: graphql-ws sends `complete`
  await ws.dispose();
  record({ completed: true });
  return { change, titles };
}

window.done = run().catch((error) => {
  record({ error: error instanceof Error ? error.message : String(error) });
  return null;
});
