#!/usr/bin/env bash
# Refresh the explorer's vendored assets (service/static/explorer/) and its copy of the example
# queries. `scripts/vendor_graphiql.sh examples` copies the examples only (no network).
set -euo pipefail
cd "$(dirname "$0")/.."

GRAPHIQL_VERSION=3.8.3
REACT_VERSION=18.3.1
GRAPHQL_WS_VERSION=6.2.2
TARGET=service/static/explorer

# The explorer offers the README's example queries; examples/queries/ is their one source.
rm -f "$TARGET"/examples/*.graphql
mkdir -p "$TARGET/examples"
cp examples/queries/*.graphql "$TARGET/examples/"
[ "${1:-}" = "examples" ] && exit 0

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm install --no-package-lock --no-audit --no-fund --silent \
  "graphiql@$GRAPHIQL_VERSION" "react@$REACT_VERSION" "react-dom@$REACT_VERSION" \
  "graphql-ws@$GRAPHQL_WS_VERSION")
modules="$work/node_modules"
cp "$modules/graphiql/graphiql.min.js" "$modules/graphiql/graphiql.min.css" "$TARGET/"
cp "$modules/react/umd/react.production.min.js" "$TARGET/"
cp "$modules/react-dom/umd/react-dom.production.min.js" "$TARGET/"
cp "$modules/graphql-ws/umd/graphql-ws.min.js" "$TARGET/"
cp "$modules/graphiql/LICENSE" "$TARGET/LICENSE.graphiql"
cp "$modules/react/LICENSE" "$TARGET/LICENSE.react"
cp "$modules/react-dom/LICENSE" "$TARGET/LICENSE.react-dom"
cp "$modules/graphql-ws/LICENSE.md" "$TARGET/LICENSE.graphql-ws"
# The minified bundle ends with a source map comment; the map is not shipped.
sed -i '/^\/\/# sourceMappingURL=/d' "$TARGET/graphiql.min.js"
sed -i 's#/\*\# sourceMappingURL=[^*]*\*/##' "$TARGET/graphiql.min.css"
echo "vendored graphiql $GRAPHIQL_VERSION, react and react-dom $REACT_VERSION," \
  "graphql-ws $GRAPHQL_WS_VERSION into $TARGET"
