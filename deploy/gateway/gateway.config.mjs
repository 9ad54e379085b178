// Hive Gateway in front of iscm-graph (and any other subgraph of the supergraph).
//
// `hive-gateway supergraph supergraph.graphql` reads this file from its working directory. The
// supergraph comes from compose-supergraph.mjs: the gateway never introspects its subgraphs.
//
// - Queries and mutations go to the subgraphs over HTTP, subscriptions over WebSocket
//   (graphql-transport-ws), each carrying the client's credentials.
// - Subgraphs learn who the client is: the client's Authorization, X-Request-ID and W3C trace
//   context are passed on, and X-Forwarded-For gets the address the client connected from
//   appended. Subgraphs must trust this gateway's address for that header only
//   (iscm-graph: ISCM_TRUSTED_PROXIES), so per-client rate limits stay per client.
// - A subgraph's refusal for too many requests stays what it is: the client gets HTTP 429
//   with the subgraph's Retry-After, not a 200 carrying an error.
// - Browser apps on other origins may call it (CORS): those listed in GATEWAY_CORS_ORIGINS
//   (comma-separated, e.g. `https://atlas.example.org,https://app.example.org`), or any origin
//   when it is unset or `*`. Never with cookies: the API authenticates by the Authorization
//   header (over WebSocket, `connection_init`'s), so a foreign page without a token reads what
//   anyone may read. Browser apps may read Retry-After and X-Request-ID.
import { defineConfig } from '@graphql-hive/gateway';

const PASSED_ON = ['authorization', 'x-request-id', 'traceparent', 'tracestate'];

/** The gateway's CORS policy, from GATEWAY_CORS_ORIGINS (see above). */
function corsPolicy(setting = process.env.GATEWAY_CORS_ORIGINS ?? '*') {
  const origins = setting
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  return {
    // A single listed origin is sent as it is; several are matched against the request's.
    origin: origins.length === 0 || origins.includes('*') ? '*' : origins,
    credentials: false,
    methods: ['GET', 'POST', 'OPTIONS'],
    exposedHeaders: ['Retry-After', 'X-Request-ID'],
    maxAge: 600,
  };
}

/** Return the X-Forwarded-For to send upstream: the client's, then the address it came from. */
function forwardedFor(context) {
  const request = context?.req;
  const peer = request?.socket?.remoteAddress?.replace(/^::ffff:/, '');
  const received = request?.headers?.['x-forwarded-for'];
  return [received, peer].filter(Boolean).join(', ') || undefined;
}

/** Turn a subgraph's 429 into the gateway's own 429 with the same Retry-After. */
function keepTooManyRequests() {
  const refusals = new WeakMap();
  return {
    onFetch({ executionRequest }) {
      const request = executionRequest?.context?.request;
      return ({ response }) => {
        if (request && response.status === 429) {
          refusals.set(request, response.headers.get('retry-after'));
        }
      };
    },
    onResultProcess({ request, result, setResult }) {
      if (!refusals.has(request) || Array.isArray(result)) return;
      const retryAfter = refusals.get(request);
      const http = { status: 429, headers: retryAfter ? { 'Retry-After': retryAfter } : {} };
      setResult({ ...result, extensions: { ...result.extensions, http } });
    },
  };
}

/** Remember, for the WebSocket transport's header templates, where the client came from. */
function rememberClientAddress() {
  return {
    onContextBuilding({ context, extendContext }) {
      extendContext({ forwardedFor: forwardedFor(context) ?? '' });
    },
  };
}

export const gatewayConfig = defineConfig({
  cors: corsPolicy(),
  transportEntries: {
    '*.http': {
      options: {
        subscriptions: {
          kind: 'ws',
          // One WebSocket per client credentials and address, opened at the subgraph's URL.
          headers: [['x-forwarded-for', '{context.forwardedFor}']],
          options: {
            connectionParams: { Authorization: '{context.connectionParams.Authorization}' },
          },
        },
      },
    },
  },
  propagateHeaders: {
    fromClientToSubgraphs({ request, context }) {
      const headers = Object.fromEntries(
        PASSED_ON.map((name) => [name, request.headers.get(name) ?? undefined]),
      );
      return { ...headers, 'x-forwarded-for': forwardedFor(context) };
    },
  },
  plugins: () => [rememberClientAddress(), keepTooManyRequests()],
});
