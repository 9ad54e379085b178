// Coverage: which ISCMs work on which GCM objectives, as a heatmap of the coverage matrix, with
// what the counts rest on. A cell lists the outcomes it counts.

import { query, vocabularies } from "../api.js";
import { COLORS, heatLegend, heatmap } from "../charts.js";
import {
  callout,
  dataTable,
  errorBox,
  figure,
  format,
  h,
  keyFigures,
  partOf,
  queriesUsed,
  route,
  shortName,
  viewHeader,
} from "../ui.js";
import { outcomeCard, contributionCard } from "./outcomes.js";

// What the matrix rests on, as the API states it (`gcmCoverage.basis`).
function caveatFacts(basis) {
  return {
    recommendations: basis.recommendationCount,
    contributions: basis.contributionCount,
    editorial: basis.editorialCount,
    asPublished: basis.asPublishedCount,
    unclassified: basis.unclassifiedCount,
    synthetic: basis.syntheticCount,
    iscms: basis.iscmCount,
    iscmsWithRecords: basis.iscmsWithRecords,
  };
}

function classifiedBy(facts) {
  const parts = [
    [facts.editorial, "by the catalogue's editorial judgement"],
    [facts.asPublished, "as their source publishes it"],
    [facts.unclassified, "not at all"],
  ].filter(([count]) => count);
  return parts.map(([count, how]) => `${format.integer(count)} ${how}`).join(", ");
}

export function caveat(facts) {
  return callout(
    "caveat",
    h("h2", {}, "Read the empty cells with care"),
    h(
      "p",
      { "data-basis": `${facts.recommendations}/${facts.contributions}/${facts.iscmsWithRecords}/${facts.iscms}` },
      `These counts rest on the outcomes recorded so far: ${format.plural(facts.recommendations, "recommendation")} and ${format.plural(facts.contributions, "published review contribution")}, `,
      `from ${facts.iscmsWithRecords} of the ${facts.iscms} mechanisms. An empty cell means that none of those records addresses the objective, not that the mechanism never worked on it. `,
      `Grey rows are mechanisms with no recorded outcome at all.`,
    ),
    facts.recommendations
      ? h(
          "p",
          {},
          `Which level, phase, type and objectives a recommendation has was classified ${classifiedBy(facts)}: read the editorial ones as an interpretation of the text, not as its words.`,
        )
      : null,
    facts.synthetic
      ? h(
          "p",
          { class: "warning" },
          `${format.plural(facts.synthetic, "record")} here ${facts.synthetic === 1 ? "is" : "are"} synthetic demo data (iscm-graph seed --demo), not real outcomes.`,
        )
      : null,
  );
}

async function cellPanel(panel, row, objective) {
  const turn = (panel.turn = (panel.turn || 0) + 1);
  panel.replaceChildren(h("p", { class: "loading" }, "Loading the outcomes…"));
  let data, terms;
  try {
    [{ data }, terms] = await Promise.all([
      query("AtlasCellOutcomes", { iscm: row.iscm.slug, objective: objective.number }),
      vocabularies(),
    ]);
  } catch (error) {
    if (panel.turn === turn) panel.replaceChildren(errorBox(error));
    return;
  }
  if (panel.turn !== turn) return; // another cell was chosen meanwhile
  const recommendations = data.recommendations.edges.map((edge) => edge.node);
  const contributions = data.reviewContributions.edges.map((edge) => edge.node);
  const shown = recommendations.length + contributions.length;
  const total = data.recommendations.totalCount + data.reviewContributions.totalCount;
  panel.replaceChildren(
    h(
      "div",
      { class: "panel-body", "data-iscm": row.iscm.slug, "data-objective": objective.number },
      h(
        "div",
        { class: "panel-head" },
        h("p", { class: "eyebrow" }, `Objective ${objective.number} · ${objective.shortName}`),
        h("h2", { tabindex: "-1" }, row.iscm.name),
        h(
          "p",
          {},
          total
            ? `${format.plural(total, "outcome")} ${total === 1 ? "addresses" : "address"} this objective.`
            : "No recorded outcome of this mechanism addresses this objective.",
        ),
        h("p", { class: "objective-title" }, objective.title),
      ),
      h(
        "ol",
        { class: "outcome-list", "aria-label": "Recommendations" },
        recommendations.map((outcome) => h("li", {}, outcomeCard(outcome, terms))),
      ),
      contributions.length
        ? [
            h("h3", {}, "Review contributions"),
            h(
              "ol",
              { class: "outcome-list" },
              contributions.map((item) => h("li", {}, contributionCard(item))),
            ),
          ]
        : null,
      partOf(shown, total),
      h(
        "p",
        {},
        h(
          "a",
          { href: route("iscm", row.iscm.slug), class: "more" },
          `Everything about ${shortName(row.iscm)} →`,
        ),
      ),
    ),
  );
  panel.querySelector("h2").focus({ preventScroll: true });
}

export async function coverageView([slug, objectiveNumber], { width, params }) {
  const { data } = await query("AtlasCoverage");
  const matrix = data.gcmCoverage;
  const facts = caveatFacts(matrix.basis);
  const order = params.get("order") === "name" ? "name" : "outcomes";
  const rows = matrix.rows.map((row) => ({ ...row, total: row.recommendationCount + row.contributionCount }));
  if (order === "outcomes") rows.sort((a, b) => b.total - a.total || a.iscm.name.localeCompare(b.iscm.name));
  const objectives = new Map(matrix.objectives.map((objective) => [objective.number, objective]));
  const totals = new Map(
    matrix.totals.map((cell) => [cell.objectiveNumber, cell.recommendationCount + cell.contributionCount]),
  );
  const bySlug = new Map(rows.map((row) => [row.iscm.slug, row]));
  const cells = rows.flatMap((row) =>
    row.cells.map((cell) => ({
      row: row.iscm.slug,
      column: cell.objectiveNumber,
      value: cell.recommendationCount + cell.contributionCount,
      recommendations: cell.recommendationCount,
      contributions: cell.contributionCount,
    })),
  );
  const describe = (cell) => {
    const row = bySlug.get(cell.row);
    const objective = objectives.get(cell.column);
    const what = row.total ? format.plural(cell.value, "outcome") : "no outcome recorded for this mechanism";
    return `${row.iscm.name} · objective ${objective.number}, ${objective.shortName}: ${what}`;
  };
  const panel = h(
    "section",
    { class: "cell-panel", "aria-label": "Outcomes behind the chosen cell" },
    h("p", { class: "hint" }, "Choose a cell to see the outcomes it counts."),
  );
  const readout = h(
    "p",
    { class: "readout", "aria-live": "polite" },
    "Hover over or move to a cell to read it; click it or press Enter to list its outcomes.",
  );
  // The chosen cell stays marked (in the heatmap, whichever view of it is shown).
  let chosenCell = null;
  const mark = (root) => {
    for (const marked of root.querySelectorAll('.heatmap-cells [aria-current="true"]'))
      marked.removeAttribute("aria-current");
    if (chosenCell)
      root
        .querySelector(`.heatmap-cells [data-row="${chosenCell.row}"][data-column="${chosenCell.column}"]`)
        ?.setAttribute("aria-current", "true");
    return root;
  };
  const open = (cell) => {
    history.replaceState(
      null,
      "",
      route("coverage", cell.row, cell.column) + (order === "name" ? "?order=name" : ""),
    );
    chosenCell = cell;
    mark(content);
    return cellPanel(panel, bySlug.get(cell.row), objectives.get(cell.column));
  };
  const chartWidth = (width > 1100 ? width - 380 : width) - 40;
  const maxValue = Math.max(1, ...cells.map((cell) => cell.value));
  const chart = () =>
    mark(
      h(
        "div",
        {
          class: "heatmap-scroll",
          role: "region",
          "aria-label": "Coverage heatmap (scrolls sideways on narrow screens)",
          tabindex: "-1",
        },
        heatmap({
          rows: rows.map((row) => ({
            key: row.iscm.slug,
            label: shortName(row.iscm),
            total: row.total,
            empty: row.total === 0,
          })),
          columns: matrix.objectives.map((objective) => ({
            key: objective.number,
            label: String(objective.number),
            name: objective.shortName,
            total: totals.get(objective.number),
          })),
          cells,
          width: chartWidth,
          describe,
          label: `Coverage heatmap: ${rows.length} mechanisms by ${matrix.objectives.length} GCM objectives`,
          onActivate: open,
          onFocus: (cell) => (readout.textContent = describe(cell)),
        }),
      ),
    );
  const table = () =>
    dataTable({
      caption: "Outcomes per mechanism and GCM objective",
      className: "coverage-table",
      columns: [
        {
          label: "Mechanism",
          value: (row) =>
            h("a", { href: route("iscm", row.iscm.slug), title: row.iscm.name }, shortName(row.iscm)),
        },
        ...matrix.objectives.map((objective) => ({
          label: h(
            "abbr",
            { title: `${objective.number}. ${objective.shortName}` },
            String(objective.number),
          ),
          numeric: true,
          value: (row) => {
            const cell = row.cells.find((item) => item.objectiveNumber === objective.number);
            const value = cell.recommendationCount + cell.contributionCount;
            return value
              ? h(
                  "button",
                  {
                    type: "button",
                    class: "link-button",
                    onclick: () => open({ row: row.iscm.slug, column: objective.number }),
                  },
                  String(value),
                )
              : "0";
          },
        })),
        { label: "All", numeric: true, value: (row) => String(row.total) },
      ],
      rows,
    });
  const orderLinks = h(
    "div",
    { class: "segmented", role: "group", "aria-label": "Order the rows" },
    [
      ["outcomes", "Most outcomes first"],
      ["name", "By name"],
    ].map(([value, text]) =>
      h(
        "a",
        { href: `${route("coverage")}?order=${value}`, "aria-current": value === order ? "true" : null },
        text,
      ),
    ),
  );
  const content = h(
    "div",
    { class: "view coverage" },
    viewHeader(
      "Who works on which objective",
      "Each row is an Inter-State Consultation Mechanism, each column one of the 23 objectives of the Global Compact for Migration. The darker the cell, the more of the mechanism's recorded outcomes address the objective.",
    ),
    keyFigures([
      { value: format.integer(facts.iscms), label: "mechanisms" },
      { value: format.integer(facts.recommendations), label: "recommendations recorded" },
      { value: format.integer(facts.iscmsWithRecords), label: "mechanisms with outcomes" },
      { value: format.integer(matrix.objectives.length), label: "GCM objectives" },
    ]),
    caveat(facts),
    h(
      "div",
      { class: "coverage-layout" },
      h(
        "div",
        { class: "coverage-chart" },
        figure({
          title: "Outcomes by mechanism and objective",
          actions: [orderLinks],
          chart,
          table,
          caption: [
            heatLegend(maxValue, [[COLORS.empty, "no outcome recorded for the mechanism"]]),
            readout,
            h(
              "p",
              { class: "muted" },
              "Bars: outcomes per objective (top) and per mechanism (right); an outcome addressing two objectives counts in both.",
            ),
          ],
        }),
      ),
      panel,
    ),
    queriesUsed("AtlasCoverage", "AtlasCellOutcomes", "AtlasVocabularies"),
  );
  if (bySlug.get(slug) && objectives.get(Number(objectiveNumber))) {
    chosenCell = { row: slug, column: Number(objectiveNumber) };
    mark(content);
    await cellPanel(panel, bySlug.get(slug), objectives.get(chosenCell.column));
  }
  return content;
}
