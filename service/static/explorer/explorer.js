// Start GraphiQL on the explorer page: the README's example queries as tabs, the first one open.
(function () {
  "use strict";
  var examples = JSON.parse(document.getElementById("explorer-examples").textContent);
  var fetcher = GraphiQL.createFetcher({ url: "/graphql" });
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
