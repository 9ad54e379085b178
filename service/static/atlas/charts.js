// The atlas's charts, drawn with Observable Plot (and d3 for the map). Each returns an element
// whose marks carry data attributes naming what they show, and takes the width it may use.

import { h, roving } from "./ui.js";

const { Plot, d3, topojson } = globalThis;

export const COLORS = {
  ink: "#1b2838",
  muted: "#5f6f7f",
  accent: "#0e7c86",
  member: "#0e7c86",
  observer: "#e09f3e",
  land: "#e4e1d8",
  sea: "#f4f7f8",
  empty: "#ebe8e1",
  zero: "#f7f6f2",
  stale: "#c2410c",
};

// The colour of a count in a heatmap, from pale to deep (a square-root scale, so that the few
// large counts do not wash out the many small ones).
export function heatColor(max, scheme = d3.interpolateYlGnBu) {
  const scale = d3
    .scaleSqrt()
    .domain([0, Math.max(1, max)])
    .range([0.18, 1]);
  return (value) => scheme(scale(value));
}

function textColorOn(fill) {
  const { l } = d3.hcl(fill);
  return l < 58 ? "#ffffff" : COLORS.ink;
}

const font = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const baseStyle = {
  fontFamily: font,
  fontSize: "12px",
  color: COLORS.ink,
  background: "transparent",
  overflow: "visible",
};

// A heatmap of rows × columns with marginal totals. rows: [{key, label, title, total, empty}];
// columns: [{key, label, name, total}]; cells: [{row, column, value}], row by row. Each cell is a
// focusable mark (data-row, data-column, data-value); `onActivate(cell)` runs on click or Enter.
export function heatmap({
  rows,
  columns,
  cells,
  width,
  describe,
  onActivate,
  onFocus,
  columnNames = true,
  marginals = true,
  scheme,
  className = "",
  label,
}) {
  const max = d3.max(cells, (cell) => cell.value) || 1;
  const color = heatColor(max, scheme);
  const fillOf = (cell) =>
    rows[cell.rowIndex]?.empty ? COLORS.empty : cell.value ? color(cell.value) : COLORS.zero;
  cells.forEach((cell, index) => {
    cell.rowIndex = Math.floor(index / columns.length);
  });
  const marginLeft = Math.min(180, Math.max(100, width * 0.2));
  const rightWidth = width < 560 || !marginals ? 0 : 120;
  const step = Math.max(18, Math.min(30, Math.floor((width - marginLeft - rightWidth - 8) / columns.length)));
  const rowStep = Math.max(18, Math.min(24, step));
  const topLabels = columns.some((column) => column.label);
  const marginTop = topLabels ? 24 : 6;
  const marginBottom = columnNames ? 190 : 6;
  const plotWidth = marginLeft + step * columns.length + 8;
  const plotHeight = marginTop + rowStep * rows.length + marginBottom;
  const rowLabels = new Map(rows.map((row) => [row.key, row.label]));
  const columnLabels = new Map(columns.map((column) => [column.key, column]));
  const x = { domain: columns.map((column) => column.key), padding: 0.08 };
  const y = { domain: rows.map((row) => row.key), padding: 0.08 };

  const main = Plot.plot({
    width: plotWidth,
    height: plotHeight,
    marginLeft,
    marginRight: 8,
    marginTop,
    marginBottom,
    style: baseStyle,
    x: { ...x, axis: null },
    y: { ...y, axis: null },
    marks: [
      // No Plot tip here: its pointer handling takes the clicks the cells need.
      Plot.cell(cells, { x: "column", y: "row", fill: fillOf, rx: 2, title: describe }),
      Plot.text(cells, {
        x: "column",
        y: "row",
        text: (cell) => (cell.value ? String(cell.value) : ""),
        fill: (cell) => textColorOn(fillOf(cell)),
        fontSize: 10,
        fontWeight: 600,
        pointerEvents: "none",
      }),
      topLabels
        ? Plot.axisX({
            anchor: "top",
            tickSize: 0,
            tickPadding: 6,
            label: null,
            tickFormat: (key) => columnLabels.get(key).label,
          })
        : null,
      columnNames
        ? Plot.axisX({
            anchor: "bottom",
            tickSize: 0,
            tickRotate: -60,
            label: null,
            tickFormat: (key) => columnLabels.get(key).name,
            lineWidth: 15,
            textOverflow: "ellipsis",
          })
        : null,
      Plot.axisY({
        tickSize: 0,
        tickPadding: 8,
        label: null,
        tickFormat: (key) => rowLabels.get(key),
        lineWidth: (marginLeft - 12) / 12,
        textOverflow: "ellipsis",
      }),
    ],
  });
  main.classList.add("heatmap-cells");
  main.setAttribute("role", "group");
  main.setAttribute("aria-label", `${label}. Arrow keys move between cells; Enter lists what a cell counts.`);

  const marks = [...main.querySelectorAll('g[aria-label="cell"] > rect, g[aria-label="cell"] rect')];
  if (marks.length !== cells.length)
    throw new Error(`the heatmap drew ${marks.length} of ${cells.length} cells`);
  marks.forEach((mark, index) => {
    const cell = cells[index];
    mark.dataset.row = cell.row;
    mark.dataset.column = cell.column;
    mark.dataset.value = cell.value;
    mark.setAttribute("role", "button");
    mark.setAttribute("aria-label", describe(cell));
    mark.addEventListener("mouseenter", () => onFocus?.(cell));
  });
  roving(marks, {
    columns: columns.length,
    onActivate: (index) => onActivate?.(cells[index], marks[index]),
    onFocus: (index) => onFocus?.(cells[index]),
  });

  const top = marginals
    ? Plot.plot({
        width: plotWidth,
        height: 58,
        marginLeft,
        marginRight: 8,
        marginTop: 14,
        marginBottom: 0,
        style: baseStyle,
        x: { ...x, axis: null },
        y: { axis: null },
        marks: [
          Plot.barY(columns, { x: "key", y: "total", fill: COLORS.accent, fillOpacity: 0.75, rx: 1 }),
          Plot.text(columns, {
            x: "key",
            y: "total",
            text: (column) => (column.total ? String(column.total) : ""),
            dy: -7,
            fontSize: 9,
            fill: COLORS.muted,
          }),
        ],
      })
    : null;
  top?.setAttribute("aria-hidden", "true");
  const right = rightWidth
    ? Plot.plot({
        width: rightWidth,
        height: plotHeight,
        marginLeft: 4,
        marginRight: 36,
        marginTop,
        marginBottom,
        style: baseStyle,
        x: { axis: null },
        y: { ...y, axis: null },
        marks: [
          Plot.barX(rows, { y: "key", x: "total", fill: COLORS.accent, fillOpacity: 0.75, rx: 1 }),
          Plot.text(rows, {
            y: "key",
            x: (row) => row.total,
            text: (row) => (row.empty ? "none recorded" : String(row.total)),
            textAnchor: "start",
            dx: 4,
            fontSize: 10,
            fill: COLORS.muted,
            fontStyle: (row) => (row.empty ? "italic" : "normal"),
          }),
        ],
      })
    : null;
  right?.setAttribute("aria-hidden", "true");
  return h(
    "div",
    { class: `heatmap ${className}`, style: `--heatmap-width: ${plotWidth}px` },
    top ? h("div", { class: "heatmap-top" }, top) : null,
    h("div", { class: "heatmap-corner" }),
    h("div", { class: "heatmap-main" }, main),
    right ? h("div", { class: "heatmap-right" }, right) : null,
  );
}

// A colour key for a heatmap: a gradient from 1 to `max`, and the special cells.
export function heatLegend(max, notes, scheme) {
  const color = heatColor(max, scheme);
  const stops = d3.range(0, 1.0001, 0.1).map((t) => `${color(1 + t * (max - 1))} ${t * 100}%`);
  return h(
    "div",
    { class: "heat-legend", "aria-hidden": "true" },
    h("span", { class: "swatch", style: `background: ${COLORS.zero}` }),
    h("span", {}, "0"),
    h("span", { class: "gradient", style: `background: linear-gradient(to right, ${stops.join(", ")})` }),
    h("span", {}, `1 to ${max}`),
    notes.map(([fill, text]) => [
      h("span", { class: "swatch", style: `background: ${fill}` }),
      h("span", {}, text),
    ]),
  );
}

// Horizontal bars: data [{label, value, key?, muted?}]; the longest bar fills the width.
export function bars({ data, width, label, color = COLORS.accent, format = String, href }) {
  const marginLeft = Math.min(230, Math.max(120, width * 0.38));
  const chart = Plot.plot({
    width,
    height: 16 + data.length * 28,
    marginLeft,
    marginRight: 48,
    marginTop: 4,
    marginBottom: 8,
    style: baseStyle,
    x: {
      axis: null,
      domain: [
        0,
        Math.max(
          1,
          d3.max(data, (d) => d.value),
        ),
      ],
    },
    y: { domain: data.map((d) => d.label), label: null, tickSize: 0, padding: 0.25 },
    marks: [
      Plot.barX(data, {
        y: "label",
        x: "value",
        fill: (d) => (d.muted ? "#b9b4a8" : color),
        rx: 2,
        href,
        title: (d) => `${d.label}: ${format(d.value)}`,
      }),
      Plot.text(data, {
        y: "label",
        x: "value",
        text: (d) => format(d.value),
        textAnchor: "start",
        dx: 5,
        fill: COLORS.ink,
        fontSize: 11,
      }),
      Plot.axisY({
        tickSize: 0,
        tickPadding: 8,
        label: null,
        lineWidth: (marginLeft - 12) / 12,
        textOverflow: "ellipsis",
      }),
    ],
  });
  chart.setAttribute("role", "img");
  chart.setAttribute(
    "aria-label",
    `${label}: ${data.map((d) => `${d.label} ${format(d.value)}`).join("; ")}`,
  );
  return chart;
}

// A world map: every State's outline, filled with `fillOf(state)` for the States given, with a
// dot where one is too small to see or has no outline at this scale. states: [{iso3, m49,
// name, role?}]; their marks carry data-iso3 (and data-role), are links (`onActivate`) and take
// arrow keys; `describe(state)` labels them. Returns the element and the States not placed.
export function worldMap({ world, points, states, width, label, fillOf, describe, onActivate }) {
  const height = Math.round(width * 0.5);
  const projection = d3.geoEqualEarth().fitExtent(
    [
      [4, 4],
      [width - 4, height - 4],
    ],
    { type: "Sphere" },
  );
  const path = d3.geoPath(projection);
  const byCode = new Map(states.map((state) => [String(state.m49).padStart(3, "0"), state]));
  const countries = topojson.feature(world, world.objects.countries).features;
  const svg = d3
    .create("svg")
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("width", width)
    .attr("height", height)
    .attr("class", "world-map")
    .attr("role", "group")
    .attr("aria-label", `${label}. Arrow keys move between the marked States; Enter opens one.`);
  svg
    .append("path")
    .attr("d", path({ type: "Sphere" }))
    .attr("fill", COLORS.sea)
    .attr("stroke", "#d5dde0");
  svg
    .append("path")
    .attr("d", path(d3.geoGraticule10()))
    .attr("fill", "none")
    .attr("stroke", "#e3e9eb")
    .attr("stroke-width", 0.5);
  const placed = new Set();
  const marks = [];
  const mark = (selection, state) => {
    selection.attr("data-iso3", state.iso3).attr("role", "link").attr("aria-label", describe(state));
    if (state.role) selection.attr("data-role", state.role);
    selection.append("title").text(describe(state));
    placed.add(state.iso3);
    marks.push({ state, element: selection.node() });
  };
  const shapes = svg.append("g").attr("class", "countries");
  for (const country of countries) {
    const state = byCode.get(country.id);
    const shape = shapes
      .append("path")
      .attr("d", path(country))
      .attr("fill", state ? fillOf(state) : COLORS.land)
      .attr("stroke", "#ffffff")
      .attr("stroke-width", 0.5);
    if (state && path.area(country) >= 18) mark(shape, state);
  }
  const dots = svg.append("g").attr("class", "dots");
  for (const [code, state] of byCode) {
    if (placed.has(state.iso3) || !points[code]) continue;
    const [cx, cy] = projection(points[code]);
    const dot = dots
      .append("circle")
      .attr("cx", cx)
      .attr("cy", cy)
      .attr("r", Math.max(3, width / 260))
      .attr("fill", fillOf(state))
      .attr("stroke", "#ffffff")
      .attr("stroke-width", 1);
    mark(dot, state);
  }
  marks.sort((a, b) => a.state.name.localeCompare(b.state.name));
  if (marks.length)
    roving(
      marks.map((item) => item.element),
      { onActivate: (index) => onActivate?.(marks[index].state) },
    );
  return { element: svg.node(), unplaced: states.filter((state) => !placed.has(state.iso3)) };
}

// A time series: one or more lines ({name, points: [{year, value, stale}]}) with a dot per
// value; stale values are hollow and orange. Dots carry data-series, data-year, data-value and
// data-stale. Values the source gave as notes (null) are not drawn.
export function timeSeries({ series, width, label, format, yLabel }) {
  const all = series.flatMap((line) =>
    line.points.filter((point) => point.value !== null).map((point) => ({ ...point, series: line.name })),
  );
  const years = d3.extent(all, (point) => point.year);
  const named = series.filter((line) => line.points.some((point) => point.value !== null));
  const several = series.length > 1;
  const chart = Plot.plot({
    width,
    height: Math.max(180, Math.min(240, width * 0.45)),
    marginLeft: 58,
    marginRight: several ? 92 : 18,
    marginTop: 18,
    marginBottom: 30,
    style: baseStyle,
    x: {
      label: null,
      tickFormat: "d",
      domain: years[0] === years[1] ? [years[0] - 1, years[1] + 1] : years,
      ticks: Math.min(8, Math.max(2, years[1] - years[0])),
    },
    y: { label: yLabel, grid: true, nice: true, zero: true, tickFormat: format },
    color: { domain: series.map((line) => line.name), range: [COLORS.accent, "#6d597a", "#b56576"] },
    marks: [
      Plot.ruleY([0], { stroke: "#c9c4b8" }),
      Plot.line(all, {
        x: "year",
        y: "value",
        z: "series",
        stroke: "series",
        strokeWidth: 2.5,
        curve: "monotone-x",
      }),
      Plot.dot(all, {
        x: "year",
        y: "value",
        stroke: (point) => (point.stale ? COLORS.stale : point.series),
        fill: (point) => (point.stale ? "#ffffff" : point.series),
        r: 4,
        strokeWidth: 2,
        tip: true,
        title: (point) =>
          `${point.series}, ${point.year}: ${format(point.value)}${point.stale ? " (stale)" : ""}`,
      }),
      several
        ? Plot.text(named, {
            x: (line) => d3.max(line.points, (p) => p.year),
            y: (line) => line.points.filter((p) => p.value !== null).at(-1).value,
            text: "name",
            dx: 8,
            textAnchor: "start",
            fill: COLORS.ink,
            fontSize: 11,
          })
        : null,
    ],
  });
  const dots = chart.querySelectorAll('g[aria-label="dot"] circle');
  if (dots.length !== all.length) throw new Error(`the chart drew ${dots.length} of ${all.length} values`);
  dots.forEach((dot, index) => {
    const point = all[index];
    Object.assign(dot.dataset, {
      series: point.series,
      year: point.year,
      value: point.value,
      stale: point.stale,
    });
  });
  chart.setAttribute("role", "img");
  chart.setAttribute("aria-label", label);
  return chart;
}
