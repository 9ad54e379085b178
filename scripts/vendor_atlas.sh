#!/usr/bin/env bash
# Refresh the atlas's vendored libraries and map data (service/static/atlas/vendor/).
# Needs npm and Node.js. The versions are pinned here; service/static/atlas/README.md lists them.
set -euo pipefail
cd "$(dirname "$0")/.."

PLOT_VERSION=0.6.17
D3_VERSION=7.9.2
TOPOJSON_CLIENT_VERSION=3.1.0
WORLD_ATLAS_VERSION=2.0.2
TARGET=service/static/atlas/vendor

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm install --no-package-lock --no-audit --no-fund --silent \
  "@observablehq/plot@$PLOT_VERSION" "d3@$D3_VERSION" \
  "topojson-client@$TOPOJSON_CLIENT_VERSION" "world-atlas@$WORLD_ATLAS_VERSION")
modules="$work/node_modules"
mkdir -p "$TARGET"
cp "$modules/d3/dist/d3.min.js" "$modules/@observablehq/plot/dist/plot.umd.min.js" \
  "$modules/topojson-client/dist/topojson-client.min.js" \
  "$modules/world-atlas/countries-110m.json" "$TARGET/"
cp "$modules/d3/LICENSE" "$TARGET/LICENSE.d3"
cp "$modules/@observablehq/plot/LICENSE" "$TARGET/LICENSE.plot"
cp "$modules/topojson-client/LICENSE" "$TARGET/LICENSE.topojson-client"
cp "$modules/world-atlas/LICENSE" "$TARGET/LICENSE.world-atlas"

# One point per country of the detailed (1:10m) outlines, at the centroid of its largest
# polygon: where the atlas marks States too small for the 1:110m outlines, or missing from them.
cat > "$work/points.cjs" <<'EOF'
const d3 = require("d3");
const topojson = require("topojson-client");
const world = require("world-atlas/countries-10m.json");
const points = {};
for (const feature of topojson.feature(world, world.objects.countries).features) {
  if (!feature.id) continue;
  const polygons = feature.geometry.type === "MultiPolygon"
    ? feature.geometry.coordinates.map((coordinates) => ({ type: "Polygon", coordinates }))
    : [feature.geometry];
  const largest = polygons.reduce((a, b) => (d3.geoArea(a) >= d3.geoArea(b) ? a : b));
  points[feature.id] = d3.geoCentroid(largest).map((degrees) => Math.round(degrees * 100) / 100);
}
process.stdout.write(JSON.stringify(points) + "\n");
EOF
(cd "$work" && node points.cjs) > "$TARGET/state-points.json"
echo "vendored Observable Plot $PLOT_VERSION, d3 $D3_VERSION, topojson-client" \
  "$TOPOJSON_CLIENT_VERSION and world-atlas $WORLD_ATLAS_VERSION into $TARGET"
