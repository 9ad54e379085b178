// Start GraphiQL on the explorer page: the README's example queries as tabs, the first one open.
// Queries and mutations go over HTTP; subscriptions over a WebSocket to the same /graphql
// (graphql-transport-ws, with graphql-ws), whose connection_init carries the Authorization
// header typed in GraphiQL's Headers tab: one socket per such header, opened with its first
// subscription and closed after its last.
(function () {
  "use strict";
  var examples = JSON.parse(document.getElementById("explorer-examples").textContent);
  var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  var socketUrl = scheme + "//" + window.location.host + "/graphql";
  var overHttp = GraphiQL.createFetcher({ url: "/graphql" });
  var sockets = {};

  function authorizationOf(headers) {
    for (var name in headers || {}) {
      if (name.toLowerCase() === "authorization") return String(headers[name]);
    }
    return "";
  }

  function socketFor(authorization) {
    if (!sockets[authorization]) {
      sockets[authorization] = graphqlWs.createClient({
        url: socketUrl,
        lazy: true,
        connectionParams: authorization ? { Authorization: authorization } : {},
      });
    }
    return sockets[authorization];
  }

  function isSubscription(params, documentAST) {
    var operations = ((documentAST && documentAST.definitions) || []).filter(function (node) {
      return node.kind === "OperationDefinition";
    });
    var chosen = params.operationName
      ? operations.filter(function (node) {
          return node.name && node.name.value === params.operationName;
        })[0]
      : operations[0];
    return Boolean(chosen) && chosen.operation === "subscription";
  }

  function fetcher(params, options) {
    if (!isSubscription(params, options && options.documentAST)) return overHttp(params, options);
    var socket = socketFor(authorizationOf(options.headers));
    // An observable: GraphiQL shows each event, and its stop button unsubscribes.
    return {
      subscribe: function (observer) {
        var stop = socket.subscribe(
          { query: params.query, variables: params.variables, operationName: params.operationName },
          {
            next: function (result) { observer.next(result); },
            error: function (error) {
              observer.error(error instanceof Error ? error : new Error("The subscription socket closed."));
            },
            complete: function () { observer.complete(); },
          }
        );
        return { unsubscribe: stop };
      },
    };
  }

  var tabs = examples.map(function (example) {
    return { query: example.query, variables: example.variables };
  });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: examples.length ? examples[0].query : undefined,
      defaultTabs: tabs.length ? tabs : undefined,
      defaultEditorToolsVisibility: true,
    })
  );
})();
