// Mechanisms: cards of every ISCM, and one ISCM's page: its record, its governance profile as
// bars, its outcomes, documents and meetings (on a timeline), and its members' UN figures.

import { allNodes, errorsUnder, query, vocabularies } from "../api.js";
import { COLORS, bars } from "../charts.js";
import {
  KIND_NAMES,
  KIND_PLURALS,
  badge,
  dataTable,
  figure,
  format,
  h,
  keyFigures,
  partOf,
  queriesUsed,
  route,
  shortName,
  sourceNote,
  viewHeader,
} from "../ui.js";
import { documentCard, eventKindName, meetingCard, outcomeCard, sourcesList } from "./outcomes.js";

const { Plot, d3 } = globalThis;
const KIND_COLORS = {
  MINISTERIAL_CONFERENCE: "#0e7c86",
  SENIOR_OFFICIALS_MEETING: "#6d597a",
  THEMATIC_WORKSHOP: "#e09f3e",
  GRCP_MEETING: "#b56576",
  REVIEW_MEETING: "#355070",
  OTHER: "#8d99ae",
};
// The members' figures: the field of MemberFigures, its title and how to print a value.
const FIGURES = [
  { field: "migrantStock", title: "Migrant stock", noun: "migrant stock", format: format.compact },
  {
    field: "remittancesReceived",
    title: "Remittances received (US$)",
    noun: "remittances received",
    format: format.compact,
  },
  {
    field: "remittanceCostPercent",
    title: "Remittance cost",
    noun: "remittance cost",
    format: format.percent,
  },
  { field: "refugeesHosted", title: "Refugees hosted", noun: "refugees hosted", format: format.compact },
];

export function confidenceBadge(confidence) {
  return confidence === "PARTIAL"
    ? badge("partial list", "partial", "The public record did not list every member")
    : badge("complete list", "confirmed", "A source gives the full member list");
}

export function iscmIndex() {
  return allNodes("AtlasIscmIndex", { first: 50 }, (data) => data.iscms);
}

function card(iscm) {
  const global = iscm.kind === "GLOBAL" && !iscm.memberCount;
  return h(
    "article",
    { class: `card kind-${iscm.kind.toLowerCase()}`, "data-slug": iscm.slug },
    h(
      "p",
      { class: "eyebrow" },
      [
        iscm.established ? `Since ${iscm.established}` : null,
        iscm.status === "ACTIVE" ? "active" : iscm.status.toLowerCase(),
      ]
        .filter(Boolean)
        .join(" · "),
    ),
    h("h3", {}, h("a", { href: route("iscm", iscm.slug) }, shortName(iscm))),
    shortName(iscm) !== iscm.name ? h("p", { class: "muted" }, iscm.name) : null,
    iscm.regions.length ? h("p", {}, iscm.regions.join(" · ")) : null,
    h(
      "dl",
      { class: "stats" },
      h(
        "div",
        {},
        h("dt", {}, global ? "open to all States" : "members"),
        h("dd", {}, global ? "—" : format.integer(iscm.memberCount)),
      ),
      h("div", {}, h("dt", {}, "outcomes"), h("dd", {}, format.integer(iscm.recommendations.totalCount))),
      h("div", {}, h("dt", {}, "meetings"), h("dd", {}, format.integer(iscm.events.totalCount))),
    ),
  );
}

async function indexView() {
  const iscms = await iscmIndex();
  return h(
    "div",
    { class: "view iscm-index" },
    viewHeader(
      "The mechanisms",
      `${iscms.length} Inter-State Consultation Mechanisms on migration: regional consultative processes, inter-regional forums and global processes.`,
    ),
    ["RCP", "IRF", "GLOBAL"].map((kind) => [
      h("h2", {}, KIND_PLURALS[kind]),
      h("div", { class: "cards" }, iscms.filter((iscm) => iscm.kind === kind).map(card)),
    ]),
    queriesUsed("AtlasIscmIndex"),
  );
}

function profileBars(title, counts, key, terms, width) {
  const data = counts.map((count) => ({
    label: count[key] ? terms.terms.get(count[key])?.name || count[key] : "Not classified",
    value: count.recommendationCount + count.contributionCount,
    muted: !count[key],
  }));
  return figure({
    title,
    chart: () =>
      data.some((d) => d.value)
        ? bars({ data, width, label: title })
        : h("p", { class: "muted" }, "No outcome recorded."),
    table: () =>
      dataTable({
        caption: title,
        columns: [
          { label: "Class", value: (d) => d.label },
          { label: "Outcomes", numeric: true, value: (d) => String(d.value) },
        ],
        rows: data,
      }),
  });
}

function meetingTimeline(events, width) {
  const dated = events.map((event) => ({
    ...event,
    when: event.startsOn ? new Date(`${event.startsOn}T00:00:00Z`) : new Date(Date.UTC(event.year, 6, 1)),
    kindName: eventKindName(event.kind),
  }));
  const kinds = [...new Set(dated.map((event) => event.kindName))];
  const chart = Plot.plot({
    width,
    height: 50 + kinds.length * 36,
    marginLeft: Math.min(190, width * 0.35),
    marginRight: 20,
    marginBottom: 30,
    style: { fontFamily: "system-ui, sans-serif", fontSize: "12px", background: "transparent" },
    x: { type: "utc", label: null, grid: true, nice: true },
    y: { domain: kinds, label: null, tickSize: 0 },
    marks: [
      Plot.ruleY(kinds, { stroke: "#e2dfd6" }),
      Plot.dot(dated, {
        x: "when",
        y: "kindName",
        r: 6,
        fill: (event) => (event.startsOn ? KIND_COLORS[event.kind] : "#ffffff"),
        stroke: (event) => KIND_COLORS[event.kind],
        strokeWidth: 2,
        fillOpacity: 0.85,
        tip: true,
        title: (event) =>
          `${event.title}\n${event.startsOn ? format.date(event.startsOn) : `${event.year} (day not known)`}${event.city ? `, ${event.city}` : ""}`,
      }),
    ],
  });
  const years = d3.extent(dated, (event) => event.year);
  chart.setAttribute("role", "img");
  chart.setAttribute(
    "aria-label",
    `${format.plural(events.length, "meeting")} from ${years[0]} to ${years[1]}: ${kinds.map((kind) => `${dated.filter((event) => event.kindName === kind).length} ${kind.toLowerCase()}`).join(", ")}`,
  );
  return chart;
}

function membersFigures(iscm, errors, width) {
  const members = iscm.members;
  const failed = errorsUnder(errors, ["iscm", "members"]);
  const latest = (state, field) =>
    (state[field] || []).filter((observation) => observation.value !== null).at(-1) || null;
  const sources = new Map();
  for (const state of members)
    for (const { field } of FIGURES)
      for (const observation of state[field] || []) sources.set(observation.source.key, observation.source);
  // Chart the first figure some member has; the table holds them all.
  const charted = FIGURES.find((spec) => members.some((state) => latest(state, spec.field))) || FIGURES[0];
  const top = members
    .filter((state) => latest(state, charted.field))
    .sort((a, b) => latest(b, charted.field).value - latest(a, charted.field).value)
    .slice(0, 15);
  const cell = (state, spec) => {
    const observation = latest(state, spec.field);
    if (!observation) return "—";
    return h(
      "span",
      {
        class: observation.stale ? "stale-value" : null,
        title: observation.stale
          ? "Stale: older than the cache's time to live, could not be refreshed"
          : null,
      },
      `${spec.format(observation.value)} (${observation.year})`,
      observation.stale ? " *" : "",
    );
  };
  const table = () =>
    dataTable({
      caption: `Latest UN figures of ${iscm.name}'s members`,
      columns: [
        { label: "State", value: (state) => h("a", { href: route("state", state.iso3) }, state.name) },
        ...FIGURES.map((spec) => ({ label: spec.title, numeric: true, value: (state) => cell(state, spec) })),
      ],
      rows: members,
    });
  const withData = members.filter((state) => FIGURES.some((spec) => latest(state, spec.field))).length;
  return figure({
    title: `Members' UN figures: ${charted.noun}`,
    chart: () =>
      top.length
        ? bars({
            data: top.map((state) => ({
              label: state.name,
              value: latest(state, charted.field).value,
              iso3: state.iso3,
            })),
            width: Math.min(width, 820),
            label: `Members by ${charted.noun}`,
            format: charted.format,
            href: (d) => route("state", d.iso3),
          })
        : h(
            "div",
            { class: "series-empty" },
            h("p", {}, "No member has a figure in the graph's UN data cache."),
          ),
    table,
    caption: [
      h(
        "p",
        {},
        `${withData} of ${members.length} members have figures in the graph's UN data. The chart ranks the ${format.plural(top.length, "member")} with the largest ${charted.noun} figures; the table holds every figure.`,
      ),
      h(
        "p",
        { class: "muted" },
        "Latest value per member, with its year; ",
        h("span", { class: "stale-key" }, "*"),
        " marks a stale value (the source could not be reached to refresh it).",
      ),
      failed.length
        ? h(
            "p",
            { class: "muted" },
            `${format.plural(failed.length, "figure")} could not be read: ${failed[0].message}`,
          )
        : null,
      [...sources.values()].map(sourceNote),
    ],
  });
}

const DISPUTED = {
  ESTABLISHED: "When it was established",
  MEMBERS: "Who its members are",
  MEMBER_COUNT: "How many members it has",
  OBSERVERS: "Who its observers are",
  OBSERVER_COUNT: "How many observers it has",
  ROLE: "Member or observer",
};

// Facts the sources state differently: every side, with its sources, none chosen silently.
function disputedFacts(iscm) {
  if (!iscm.disputedFacts.length) return null;
  return h(
    "section",
    { class: "section disputed", "aria-labelledby": "disputed-heading" },
    h("h2", { id: "disputed-heading" }, `Facts the sources dispute (${iscm.disputedFacts.length})`),
    h(
      "p",
      { class: "muted" },
      "Where sources disagree, every side is shown with the sources that state it; the record above shows one of them, or none.",
    ),
    h(
      "ul",
      { class: "disputed-facts" },
      iscm.disputedFacts.map((fact) =>
        h(
          "li",
          { class: "disputed-fact", "data-fact": fact.slug },
          h(
            "h3",
            {},
            [DISPUTED[fact.field] || fact.field, fact.state?.name].filter(Boolean).join(": "),
          ),
          h("p", {}, fact.note),
          h(
            "ol",
            {},
            fact.claims.map((claim) =>
              h(
                "li",
                { "data-claim": claim.value },
                h("strong", {}, claim.value),
                claim.note ? ` — ${claim.note}` : null,
                sourcesList(claim.sources),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function profileBasis(basis) {
  const classified = [
    [basis.editorialCount, "by the catalogue's editorial judgement"],
    [basis.asPublishedCount, "as their source publishes it"],
    [basis.unclassifiedCount, "not at all"],
  ]
    .filter(([count]) => count)
    .map(([count, how]) => `${format.integer(count)} ${how}`)
    .join(", ");
  return h(
    "p",
    { class: "muted", "data-basis": `${basis.recommendationCount}/${basis.contributionCount}` },
    basis.recommendationCount + basis.contributionCount
      ? `How its ${format.plural(basis.recommendationCount, "recorded recommendation")} and ${format.plural(basis.contributionCount, "review contribution")} spread over governance levels, policy phases and outcome types. The recommendations were classified ${classified || "by nobody"}: read editorial classifications as an interpretation, not as the text's words.`
      : "No outcome of this mechanism is recorded in the catalogue yet: an empty profile is not a sign of no activity.",
    basis.syntheticCount ? ` ${format.plural(basis.syntheticCount, "record")} here are synthetic demo data.` : null,
  );
}

async function pageView(slug, width) {
  const [{ data, errors }, terms, index] = await Promise.all([
    query("AtlasIscm", { slug }),
    vocabularies(),
    iscmIndex(),
  ]);
  const iscm = data.iscm;
  const picker = h(
    "select",
    { id: "iscm-picker", onchange: (event) => (location.hash = route("iscm", event.target.value)) },
    ["RCP", "IRF", "GLOBAL"].map((kind) =>
      h(
        "optgroup",
        { label: KIND_PLURALS[kind] },
        index
          .filter((item) => item.kind === kind)
          .map((item) => h("option", { value: item.slug, selected: item.slug === slug }, shortName(item))),
      ),
    ),
  );
  const pickerRow = h("div", { class: "picker" }, h("label", { for: "iscm-picker" }, "Mechanism"), picker);
  if (!iscm)
    return h(
      "div",
      { class: "view" },
      viewHeader("No such mechanism", `The graph knows no mechanism “${slug}”.`),
      pickerRow,
    );
  const profile = iscm.governanceProfile;
  const events = iscm.events.edges.map((edge) => edge.node);
  const outcomes = iscm.recommendations.edges.map((edge) => edge.node);
  const documents = data.documents.edges.map((edge) => edge.node);
  const third = width >= 1000 ? (width - 80) / 3 : width - 40;
  const facts = [
    ["Kind", KIND_NAMES[iscm.kind]],
    ["Acronym", iscm.acronym],
    ["Established", iscm.established],
    ["Status", iscm.status.toLowerCase()],
    ["Secretariat", iscm.secretariat],
    ["Regions", iscm.regions.join(", ")],
    ["Open to", iscm.openTo],
    ["Website", iscm.website ? h("a", { href: iscm.website, rel: "external" }, iscm.website) : null],
    [
      "Observer organisations",
      iscm.observerOrganizations.length
        ? `${iscm.observerOrganizations.map((organization) => organization.acronym || organization.name).join(", ")}${iscm.observersConfidence === "PARTIAL" ? " (partial list)" : ""}`
        : null,
    ],
  ].filter(([, value]) => value);
  return h(
    "div",
    { class: "view iscm-page", "data-slug": iscm.slug },
    pickerRow,
    h("p", { class: "eyebrow" }, KIND_NAMES[iscm.kind]),
    viewHeader(iscm.name, iscm.summary),
    h(
      "p",
      {},
      confidenceBadge(iscm.membersConfidence),
      badge(iscm.status.toLowerCase(), iscm.status === "ACTIVE" ? "accent" : "neutral"),
    ),
    keyFigures([
      {
        value: format.integer(iscm.memberCount),
        label: "member States",
        note: iscm.membersConfidence === "PARTIAL" ? "partial list" : null,
      },
      { value: format.integer(iscm.recommendations.totalCount), label: "recorded outcomes" },
      { value: format.integer(data.documents.totalCount), label: "documents" },
      { value: format.integer(iscm.events.totalCount), label: "meetings" },
    ]),
    h(
      "dl",
      { class: "facts" },
      facts.map(([label, value]) => [h("dt", {}, label), h("dd", {}, value)]),
    ),
    disputedFacts(iscm),
    h(
      "p",
      {},
      h("a", { href: route("memberships", iscm.slug) }, "Its members on the map →"),
      " · ",
      h(
        "a",
        { href: `/calendar.ics?iscm=${encodeURIComponent(iscm.slug)}` },
        "Its meetings as an iCalendar feed",
      ),
    ),
    h(
      "section",
      { class: "governance", "aria-labelledby": "governance-heading" },
      h("h2", { id: "governance-heading" }, "Governance profile"),
      profileBasis(profile.basis),
      h(
        "div",
        { class: "three-columns" },
        profileBars("Governance level", profile.byLevel, "level", terms, third),
        profileBars("Policy phase", profile.byPhase, "phase", terms, third),
        profileBars("Outcome type", profile.byOutcomeType, "outcomeType", terms, third),
      ),
      events.length
        ? figure({
            title: "Meetings over time",
            chart: () => meetingTimeline(events, width - 40),
            table: () =>
              h(
                "ol",
                { class: "outcome-list" },
                [...events].reverse().map((event) => h("li", {}, meetingCard(event, { showIscm: false }))),
              ),
            caption: "Filled: the day is known; hollow: only the year.",
          })
        : h("p", { class: "muted" }, "No meeting recorded."),
    ),
    h(
      "div",
      { class: "two-columns" },
      h(
        "section",
        { class: "section" },
        h("h2", {}, `Outcomes (${iscm.recommendations.totalCount})`),
        outcomes.length
          ? h(
              "ol",
              { class: "outcome-list" },
              outcomes.map((outcome) => h("li", {}, outcomeCard(outcome, terms))),
            )
          : h("p", { class: "muted" }, "No outcome recorded yet."),
        partOf(outcomes.length, iscm.recommendations.totalCount),
      ),
      h(
        "section",
        { class: "section" },
        h("h2", {}, `Documents (${data.documents.totalCount})`),
        documents.length
          ? h(
              "ol",
              { class: "outcome-list" },
              documents.map((document) => h("li", {}, documentCard(document))),
            )
          : h("p", { class: "muted" }, "No document recorded yet."),
        partOf(documents.length, data.documents.totalCount),
      ),
    ),
    iscm.members.length ? membersFigures(iscm, errors, width - 40) : null,
    h(
      "details",
      { class: "how" },
      h("summary", {}, `Sources of this record (${iscm.sources.length})`),
      h(
        "ul",
        { class: "sources" },
        iscm.sources.map((url) => h("li", {}, h("a", { href: url, rel: "external" }, url))),
      ),
    ),
    queriesUsed("AtlasIscm", "AtlasIscmIndex", "AtlasVocabularies"),
  );
}

export async function iscmView([slug], { width }) {
  return slug ? pageView(slug, width) : indexView();
}
