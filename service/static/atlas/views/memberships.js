// Memberships: a world map of one ISCM's members and observers, how complete its lists are,
// and which mechanisms share members with it and with one another.

import { allNodes } from "../api.js";
import { COLORS, bars, heatmap, worldMap } from "../charts.js";
import {
  KIND_PLURALS,
  callout,
  dataTable,
  figure,
  format,
  h,
  queriesUsed,
  route,
  shortName,
  viewHeader,
} from "../ui.js";

const { d3 } = globalThis;
const FILLS = { member: COLORS.member, observer: COLORS.observer };
let mapData = null;

// The Natural Earth outlines and one point per country, vendored with the atlas.
export function loadMapData() {
  const load = (file) =>
    fetch(new URL(`../vendor/${file}`, import.meta.url)).then((response) => response.json());
  mapData ??= Promise.all([load("countries-110m.json"), load("state-points.json")]).then(
    ([world, points]) => ({ world, points }),
  );
  mapData.catch(() => (mapData = null));
  return mapData;
}

export function catalogue() {
  return allNodes("AtlasMemberships", { first: 50 }, (data) => data.iscms);
}

// What is known about the completeness of the lists: the members' and the observers' flags.
function completeness(iscm) {
  if (iscm.kind === "GLOBAL" && !iscm.members.length) {
    return callout(
      "confirmed",
      h(
        "p",
        {},
        h("strong", {}, `${iscm.name} keeps no member list. `),
        iscm.openTo ? `It is open to ${iscm.openTo}.` : "It is a global process open to every State.",
      ),
    );
  }
  const flags = [
    ["members", iscm.membersConfidence],
    ["observers", iscm.observersConfidence],
  ];
  return flags.map(([list, confidence]) =>
    confidence === "PARTIAL"
      ? callout(
          "partial",
          h(
            "p",
            { "data-confidence": confidence },
            h("strong", {}, `Partial list of ${list}. `),
            `The public record did not list every one of ${shortName(iscm)}'s ${list}: a State without colour on the map is not listed, which does not mean it takes no part.`,
          ),
        )
      : callout(
          "confirmed",
          h(
            "p",
            { "data-confidence": confidence },
            h("strong", {}, `Complete list of ${list}. `),
            `A source gives ${shortName(iscm)}'s full list of ${list}, and every State on it is marked.`,
          ),
        ),
  );
}

function stateChips(states, className) {
  return h(
    "ul",
    { class: `state-chips ${className}` },
    states.map((state) =>
      h("li", {}, h("a", { href: route("state", state.iso3), "data-iso3": state.iso3 }, state.name)),
    ),
  );
}

// Orders mechanisms so that those sharing many members sit together: start from the largest,
// then keep taking the one most like the last taken (Jaccard similarity of their member sets).
function seriate(iscms, members) {
  const similarity = (a, b) => {
    const shared = [...members.get(a.slug)].filter((iso3) => members.get(b.slug).has(iso3)).length;
    return shared / (members.get(a.slug).size + members.get(b.slug).size - shared || 1);
  };
  const left = [...iscms].sort((a, b) => members.get(b.slug).size - members.get(a.slug).size);
  const ordered = [left.shift()];
  while (left.length) {
    const last = ordered.at(-1);
    let best = 0;
    left.forEach((candidate, index) => {
      if (similarity(last, candidate) > similarity(last, left[best])) best = index;
    });
    ordered.push(...left.splice(best, 1));
  }
  return ordered;
}

function overlapMatrix(withMembers, members, width) {
  const ordered = seriate(withMembers, members);
  const shared = (a, b) => [...members.get(a.slug)].filter((iso3) => members.get(b.slug).has(iso3));
  const cells = ordered.flatMap((row) =>
    ordered.map((column) => ({ row: row.slug, column: column.slug, value: shared(row, column).length })),
  );
  const bySlug = new Map(ordered.map((iscm) => [iscm.slug, iscm]));
  const describe = (cell) =>
    cell.row === cell.column
      ? `${shortName(bySlug.get(cell.row))}: ${format.plural(cell.value, "member")}`
      : `${shortName(bySlug.get(cell.row))} and ${shortName(bySlug.get(cell.column))} share ${format.plural(cell.value, "member")}`;
  const readout = h(
    "p",
    { class: "readout", "aria-live": "polite" },
    "Choose a cell to list the States two mechanisms share.",
  );
  const pairs = ordered
    .flatMap((a, i) => ordered.slice(i + 1).map((b) => ({ a, b, states: shared(a, b) })))
    .filter((pair) => pair.states.length);
  pairs.sort((x, y) => y.states.length - x.states.length || shortName(x.a).localeCompare(shortName(y.a)));
  return figure({
    title: "Which mechanisms share members",
    className: "overlap",
    chart: () =>
      h(
        "div",
        {
          class: "heatmap-scroll",
          role: "region",
          "aria-label": "Overlap matrix (scrolls sideways on narrow screens)",
        },
        heatmap({
          rows: ordered.map((iscm) => ({
            key: iscm.slug,
            label: shortName(iscm),
            total: members.get(iscm.slug).size,
          })),
          columns: ordered.map((iscm) => ({
            key: iscm.slug,
            label: "",
            name: shortName(iscm),
            total: members.get(iscm.slug).size,
          })),
          cells,
          width,
          marginals: false,
          scheme: d3.interpolatePuBu,
          describe,
          label: `Overlap matrix: ${ordered.length} mechanisms with listed members`,
          onFocus: (cell) => (readout.textContent = describe(cell)),
          onActivate: (cell) => {
            const states = shared(bySlug.get(cell.row), bySlug.get(cell.column))
              .map((iso3) => stateNames.get(iso3))
              .sort();
            readout.textContent = `${describe(cell)}${states.length ? `: ${states.join(", ")}` : ""}.`;
          },
        }),
      ),
    table: () =>
      dataTable({
        caption: "Pairs of mechanisms with members in common, most shared first",
        columns: [
          { label: "Mechanism", value: (pair) => shortName(pair.a) },
          { label: "and", value: (pair) => shortName(pair.b) },
          { label: "Shared members", numeric: true, value: (pair) => String(pair.states.length) },
        ],
        rows: pairs,
      }),
    caption: [
      readout,
      h(
        "p",
        { class: "muted" },
        "Mechanisms with a member list, ordered so that those with similar memberships sit together; the diagonal holds each one's member count. Member lists marked partial may hide more overlap.",
      ),
    ],
  });
}

const stateNames = new Map();

export async function membershipsView([slug], { width }) {
  const [iscms, { world, points }] = await Promise.all([catalogue(), loadMapData()]);
  for (const iscm of iscms)
    for (const state of [...iscm.members, ...iscm.observers]) stateNames.set(state.iso3, state.name);
  const members = new Map(iscms.map((iscm) => [iscm.slug, new Set(iscm.members.map((state) => state.iso3))]));
  const withMembers = iscms.filter((iscm) => iscm.members.length);
  const iscm =
    iscms.find((item) => item.slug === slug) ||
    [...withMembers].sort((a, b) => b.members.length - a.members.length)[0];
  const states = [
    ...iscm.members.map((state) => ({ ...state, role: "member" })),
    ...iscm.observers.map((state) => ({ ...state, role: "observer" })),
  ];
  const picker = h(
    "select",
    { id: "iscm-picker", onchange: (event) => (location.hash = route("memberships", event.target.value)) },
    ["RCP", "IRF", "GLOBAL"].map((kind) =>
      h(
        "optgroup",
        { label: KIND_PLURALS[kind] },
        iscms
          .filter((item) => item.kind === kind)
          .map((item) =>
            h(
              "option",
              { value: item.slug, selected: item.slug === iscm.slug },
              `${shortName(item)} (${item.members.length})`,
            ),
          ),
      ),
    ),
  );
  const map = worldMap({
    world,
    points,
    states,
    width: Math.min(width - 36, 1100),
    fillOf: (state) => FILLS[state.role],
    describe: (state) => `${state.name}, ${state.role}`,
    label: `World map of ${iscm.name}: ${format.plural(iscm.members.length, "member")} and ${format.plural(iscm.observers.length, "observer")} marked`,
    onActivate: (state) => (location.hash = route("state", state.iso3)),
  });
  const overlaps = withMembers
    .filter((other) => other.slug !== iscm.slug)
    .map((other) => ({
      other,
      value: [...members.get(other.slug)].filter((iso3) => members.get(iscm.slug).has(iso3)).length,
    }))
    .filter((item) => item.value)
    .sort((a, b) => b.value - a.value || shortName(a.other).localeCompare(shortName(b.other)))
    .slice(0, 12)
    .map((item) => ({
      label: shortName(item.other),
      value: item.value,
      slug: item.other.slug,
      name: item.other.name,
    }));
  const sideWidth = width >= 900 ? Math.min(560, (width - 40) / 2) : width - 36;

  return h(
    "div",
    { class: "view memberships" },
    viewHeader(
      "Who belongs where",
      "Each mechanism's member and observer States on the map, and how the mechanisms overlap.",
    ),
    h(
      "div",
      { class: "picker" },
      h("label", { for: "iscm-picker" }, "Mechanism"),
      picker,
      h("a", { href: route("iscm", iscm.slug) }, `${shortName(iscm)}'s page →`),
    ),
    completeness(iscm),
    figure({
      title: `${iscm.name}`,
      className: "map",
      chart: () => map.element,
      table: () =>
        dataTable({
          caption: `States taking part in ${iscm.name}`,
          columns: [
            { label: "State", value: (state) => h("a", { href: route("state", state.iso3) }, state.name) },
            { label: "Role", value: (state) => state.role },
            {
              label: "ISO 3166 numeric / M49",
              numeric: true,
              value: (state) => String(state.m49).padStart(3, "0"),
            },
          ],
          rows: [...states].sort((a, b) => a.name.localeCompare(b.name)),
        }),
      caption: [
        h(
          "div",
          { class: "map-legend" },
          h("span", { style: `--swatch: ${FILLS.member}` }, `Member (${iscm.members.length})`),
          h("span", { style: `--swatch: ${FILLS.observer}` }, `Observer (${iscm.observers.length})`),
          h("span", { style: `--swatch: ${COLORS.land}` }, "Not listed"),
        ),
        map.unplaced.length
          ? h(
              "p",
              {},
              `Not on the map (no outline at this scale): ${map.unplaced.map((state) => state.name).join(", ")}.`,
            )
          : null,
        iscm.membersWithoutIso.length
          ? h("p", {}, `Also listed, without an ISO 3166 code: ${iscm.membersWithoutIso.join(", ")}.`)
          : null,
        h(
          "p",
          { class: "muted" },
          "Small States are marked with a dot. Arrow keys move between the marked States; Enter opens one.",
        ),
      ],
    }),
    h(
      "div",
      { class: "two-columns" },
      h(
        "section",
        { class: "section" },
        h("h2", {}, `Members (${iscm.members.length})`),
        iscm.members.length
          ? stateChips(iscm.members, "members")
          : h("p", { class: "muted" }, "No member list."),
        iscm.observers.length
          ? [h("h2", {}, `Observers (${iscm.observers.length})`), stateChips(iscm.observers, "observers")]
          : null,
      ),
      overlaps.length
        ? figure({
            title: `Mechanisms sharing members with ${shortName(iscm)}`,
            chart: () =>
              bars({
                data: overlaps,
                width: sideWidth,
                label: `Members shared with ${iscm.name}`,
                color: "#6d597a",
                href: (d) => route("memberships", d.slug),
              }),
            table: () =>
              dataTable({
                caption: `Members shared with ${iscm.name}`,
                columns: [
                  {
                    label: "Mechanism",
                    value: (d) => h("a", { href: route("memberships", d.slug) }, d.name),
                  },
                  { label: "Shared members", numeric: true, value: (d) => String(d.value) },
                ],
                rows: overlaps,
              }),
          })
        : h("p", { class: "muted" }, "No other mechanism lists any of the same members."),
    ),
    overlapMatrix(withMembers, members, width - 36),
    queriesUsed("AtlasMemberships"),
  );
}
