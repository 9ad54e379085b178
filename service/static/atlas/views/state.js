// States: a map of how many mechanisms each State takes part in, and one State's page: its
// mechanisms, global processes included, and its migration figures year by year, each with its
// source, licence and citation, stale values marked.

import { errorsUnder, query } from "../api.js";
import { COLORS, timeSeries, worldMap } from "../charts.js";
import {
  KIND_NAMES,
  badge,
  callout,
  dataTable,
  figure,
  format,
  h,
  queriesUsed,
  route,
  shortName,
  sourceNote,
  viewHeader,
} from "../ui.js";
import { confidenceBadge } from "./iscm.js";
import { catalogue, loadMapData } from "./memberships.js";

const { d3 } = globalThis;
const FIRST_YEAR = 1990;
// The State's series: the fields of AtlasState, drawn together when they share a chart.
const CHARTS = [
  {
    title: "International migrant stock",
    lines: [["migrantStock", "Migrant stock"]],
    format: format.compact,
    unit: "persons",
  },
  {
    title: "Remittances received",
    lines: [["remittancesReceived", "Remittances"]],
    format: format.compact,
    unit: "current US$",
  },
  {
    title: "Cost of sending remittances",
    lines: [["remittanceCostPercent", "Cost"]],
    format: (value) => `${d3.format(".1f")(value)} %`,
    unit: "% of the amount sent",
  },
  {
    title: "Refugees",
    lines: [
      ["refugeesHosted", "Hosted"],
      ["refugeesOriginating", "Originating"],
    ],
    format: format.compact,
    unit: "persons",
  },
];
const UN_STATUS = { MEMBER: "UN Member State", OBSERVER: "UN observer State", NONE: "Territory" };

export function stateList() {
  return query("AtlasStates").then(({ data }) => data.regions);
}

function picker(regions, chosen) {
  const select = h(
    "select",
    { id: "state-picker", onchange: (event) => (location.hash = route("state", event.target.value)) },
    chosen ? null : h("option", { value: "" }, "Choose a State…"),
    regions.map((region) =>
      h(
        "optgroup",
        { label: region.name },
        [...region.memberStates]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((state) => h("option", { value: state.iso3, selected: state.iso3 === chosen }, state.name)),
      ),
    ),
  );
  return h("div", { class: "picker" }, h("label", { for: "state-picker" }, "State"), select);
}

async function indexView(width) {
  const [regions, iscms, { world, points }] = await Promise.all([stateList(), catalogue(), loadMapData()]);
  const counts = new Map();
  for (const iscm of iscms)
    for (const state of [...iscm.members, ...iscm.observers])
      counts.set(state.iso3, { ...state, count: (counts.get(state.iso3)?.count || 0) + 1 });
  const states = [...counts.values()];
  const max = d3.max(states, (state) => state.count) || 1;
  const color = d3.scaleSequential([1, max], (t) => d3.interpolateYlGnBu(0.2 + 0.8 * t));
  const map = worldMap({
    world,
    points,
    states,
    width: Math.min(width - 36, 1100),
    fillOf: (state) => color(state.count),
    describe: (state) => `${state.name}: ${format.plural(state.count, "mechanism")}`,
    label: "World map of how many mechanisms each State takes part in",
    onActivate: (state) => (location.hash = route("state", state.iso3)),
  });
  const legend = h(
    "div",
    { class: "heat-legend", "aria-hidden": "true" },
    h("span", { class: "swatch", style: `background: ${COLORS.land}` }),
    h("span", {}, "none listed"),
    h("span", {
      class: "gradient",
      style: `background: linear-gradient(to right, ${d3
        .range(0, 1.01, 0.1)
        .map((t) => `${color(1 + t * (max - 1))} ${t * 100}%`)
        .join(", ")})`,
    }),
    h("span", {}, `1 to ${max} mechanisms`),
  );
  return h(
    "div",
    { class: "view state-index" },
    viewHeader(
      "States in the mechanisms",
      "How many mechanisms each State takes part in, as member or observer. Choose a State to see its mechanisms and how its migration figures moved.",
    ),
    picker(regions, null),
    figure({
      title: "Mechanisms per State",
      chart: () => map.element,
      table: () =>
        dataTable({
          caption: "States by the number of mechanisms they take part in",
          columns: [
            { label: "State", value: (state) => h("a", { href: route("state", state.iso3) }, state.name) },
            { label: "Mechanisms", numeric: true, value: (state) => String(state.count) },
          ],
          rows: [...states].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
        }),
      caption: [
        legend,
        h(
          "p",
          { class: "muted" },
          "Counts rest on the mechanisms' member and observer lists, some of them partial; global processes, open to every State, are not counted.",
        ),
      ],
    }),
    queriesUsed("AtlasStates", "AtlasMemberships"),
  );
}

function seriesFigure(spec, state, errors, width) {
  const lines = spec.lines.map(([field, name]) => ({
    field,
    name,
    points: state[field] || [],
    errors: errorsUnder(errors, ["memberState", field]),
  }));
  const values = lines.flatMap((line) => line.points.filter((point) => point.value !== null));
  const source = values[0]?.source || lines.flatMap((line) => line.points)[0]?.source;
  const stale = values.filter((point) => point.stale);
  const latest = lines
    .map((line) => ({ line, point: line.points.filter((point) => point.value !== null).at(-1) }))
    .filter((item) => item.point);
  const problems = lines.flatMap((line) => line.errors.map((error) => `${line.name}: ${error.message}`));
  const empty = () =>
    h(
      "div",
      { class: "series-empty" },
      h("p", {}, problems.length ? "Not available." : "The source has no values for this State."),
      problems.map((problem) => h("p", { class: "muted" }, problem)),
    );
  return figure({
    title: spec.title,
    className: "series",
    chart: () =>
      values.length
        ? [
            h(
              "p",
              { class: "latest" },
              latest.map(({ line, point }) =>
                h(
                  "span",
                  {},
                  `${lines.length > 1 ? `${line.name} ` : ""}${spec.format(point.value)} `,
                  h("small", {}, `in ${point.year}${point.stale ? ", stale" : ""}`),
                  " ",
                ),
              ),
            ),
            timeSeries({
              series: lines.map((line) => ({ name: line.name, points: line.points })),
              width,
              format: spec.format,
              yLabel: spec.unit,
              label: `${spec.title} of ${state.name}, ${spec.unit}: ${values.map((point) => `${point.year} ${spec.format(point.value)}${point.stale ? " (stale)" : ""}`).join("; ")}`,
            }),
          ]
        : empty(),
    table: () =>
      values.length
        ? dataTable({
            caption: `${spec.title} of ${state.name} (${spec.unit})`,
            columns: [
              { label: "Year", value: (point) => String(point.year) },
              ...(lines.length > 1 ? [{ label: "Series", value: (point) => point.series }] : []),
              {
                label: "Value",
                numeric: true,
                value: (point) =>
                  h(
                    "span",
                    { class: point.stale ? "stale-value" : null },
                    point.rawValue ?? String(point.value),
                  ),
              },
              {
                label: "Fetched",
                value: (point) => `${point.fetchedAt.slice(0, 10)}${point.stale ? " (stale)" : ""}`,
              },
            ],
            rows: lines.flatMap((line) => line.points.map((point) => ({ ...point, series: line.name }))),
          })
        : empty(),
    caption: [
      stale.length
        ? h(
            "p",
            { class: "stale-key" },
            `Hollow orange dots: ${format.plural(stale.length, "stale value")}, older than the cache's time to live; the source could not be reached to refresh ${stale.length === 1 ? "it" : "them"}.`,
          )
        : null,
      values.length && problems.length
        ? problems.map((problem) => h("p", { class: "muted" }, problem))
        : null,
      values.length && lines.length > 1
        ? lines
            .filter((line) => !line.errors.length && !line.points.some((point) => point.value !== null))
            .map((line) =>
              h("p", { class: "muted" }, `${line.name}: the source has no values for this State.`),
            )
        : null,
      sourceNote(source),
      values[0] ? h("p", { class: "muted" }, `${values[0].name} (${values[0].code}).`) : null,
    ],
  });
}

async function pageView(iso3, width) {
  const to = new Date().getUTCFullYear();
  const [{ data, errors }, regions] = await Promise.all([
    query("AtlasState", { iso3, from: FIRST_YEAR, to }),
    stateList(),
  ]);
  const state = data.memberState;
  if (!state)
    return h(
      "div",
      { class: "view" },
      picker(regions, null),
      viewHeader("No such State", `The graph knows no State with the code “${iso3}”.`),
    );
  const globals = data.globalProcesses.edges.map((edge) => edge.node);
  const memberships = [...state.memberships].sort(
    (a, b) => a.role.localeCompare(b.role) || shortName(a.iscm).localeCompare(shortName(b.iscm)),
  );
  const half = width >= 900 ? (width - 100) / 2 : width - 40;
  return h(
    "div",
    { class: "view state-page", "data-iso3": state.iso3 },
    picker(regions, state.iso3),
    h(
      "p",
      { class: "eyebrow" },
      [state.region, state.subregion, state.intermediateRegion].filter(Boolean).join(" › "),
    ),
    viewHeader(
      state.name,
      state.officialName && state.officialName !== state.name ? state.officialName : null,
    ),
    h(
      "p",
      {},
      badge(UN_STATUS[state.unStatus], state.unStatus === "MEMBER" ? "accent" : "neutral"),
      state.unMemberSince ? h("span", { class: "muted" }, ` since ${state.unMemberSince}`) : null,
    ),
    h("h2", {}, `Its mechanisms (${memberships.length})`),
    memberships.length
      ? h(
          "ul",
          { class: "cards membership-cards" },
          memberships.map((membership) =>
            h(
              "li",
              {
                class: `card kind-${membership.iscm.kind.toLowerCase()}`,
                "data-slug": membership.iscm.slug,
                "data-role": membership.role.toLowerCase(),
              },
              h(
                "p",
                { class: "eyebrow" },
                `${membership.role === "MEMBER" ? "Member" : "Observer"}${membership.since ? ` since ${membership.since}` : ""}`,
              ),
              h("h3", {}, h("a", { href: route("iscm", membership.iscm.slug) }, shortName(membership.iscm))),
              h(
                "p",
                { class: "muted" },
                KIND_NAMES[membership.iscm.kind],
                " ",
                confidenceBadge(membership.iscm.membersConfidence),
              ),
            ),
          ),
        )
      : h("p", { class: "muted" }, "No mechanism lists this State as member or observer."),
    globals.length
      ? callout(
          "confirmed",
          h(
            "p",
            {},
            h("strong", {}, "Global processes open to every State: "),
            globals.map((iscm, index) => [
              index ? "; " : "",
              h("a", { href: route("iscm", iscm.slug), "data-slug": iscm.slug }, shortName(iscm)),
              iscm.openTo ? ` (open to ${iscm.openTo})` : "",
            ]),
            ". They keep no member list, so they are not counted above.",
          ),
        )
      : null,
    h("h2", {}, "Migration figures"),
    h(
      "p",
      { class: "muted" },
      `Every year from ${FIRST_YEAR} to ${to} that the graph's UN data holds for ${state.name}. The values come from the sources named under each chart, through the graph's cache.`,
    ),
    h(
      "div",
      { class: "series-grid" },
      CHARTS.map((spec) => seriesFigure(spec, state, errors, half)),
    ),
    queriesUsed("AtlasState", "AtlasStates"),
  );
}

export async function stateView([iso3], { width }) {
  return iso3 ? pageView(iso3.toUpperCase(), width) : indexView(width);
}
