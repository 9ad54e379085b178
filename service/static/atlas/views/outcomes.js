// Cards for the records views list: recommendations, review contributions, documents, meetings.
// A recommendation's classification says who made it (the catalogue's editorial judgement, or
// the source itself) with its note, and every card cites its sources.

import { badge, format, h, route, shortName } from "../ui.js";

const EVENT_KINDS = {
  MINISTERIAL_CONFERENCE: "Ministerial conference",
  SENIOR_OFFICIALS_MEETING: "Senior officials' meeting",
  THEMATIC_WORKSHOP: "Thematic meeting",
  GRCP_MEETING: "Global RCP meeting",
  REVIEW_MEETING: "Review meeting",
  OTHER: "Other meeting",
};

const DETAILED_DOCUMENT_KINDS = {
  MINISTERIAL_DECLARATION: "Ministerial declaration",
  JOINT_STATEMENT: "Joint statement",
  ACTION_PLAN: "Action plan",
  REPORT: "Report",
  SUMMARY_OF_CONCLUSIONS: "Summary of conclusions",
  OTHER: "Document",
};

const DOCUMENT_KINDS = {
  GRCP_REPORT: "GRCP report",
  KEY_DOCUMENT: "Key document",
  NEWSLETTER: "Newsletter",
  POSITION_PAPER: "Position paper",
  DECLARATION: "Declaration",
  OTHER: "Document",
};

export const eventKindName = (kind) => EVENT_KINDS[kind] || kind;

const CLASSIFIED_BY = {
  EDITORIAL: ["Editorial classification", "The catalogue's judgement, not the source's words"],
  AS_PUBLISHED: ["As published", "As the source itself states it"],
};

function classifiedBy(outcome) {
  const given = outcome.classification;
  if (!given) return null;
  const [label, meaning] = CLASSIFIED_BY[given.kind] || [given.kind, ""];
  return h(
    "p",
    { class: `classified-by classified-${given.kind.toLowerCase()}`, "data-classification": given.kind },
    h("span", { class: "classified-kind", title: meaning }, label),
    given.note ? `: ${given.note}` : null,
  );
}

function siteOf(url) {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return url;
  }
}

export function sourcesList(sources) {
  if (!sources?.length) return null;
  return h(
    "p",
    { class: "sources" },
    sources.length === 1 ? "Source: " : "Sources: ",
    sources.flatMap((url, index) => [
      index ? ", " : null,
      h("a", { href: url, rel: "external" }, siteOf(url)),
    ]),
  );
}

function classification(outcome, terms) {
  const chips = [
    ["level", outcome.level],
    ["phase", outcome.phase],
    ["type", outcome.outcomeType],
  ]
    .filter(([, code]) => code)
    .map(([dimension, code]) =>
      h(
        "li",
        { class: `chip chip-${dimension}`, title: terms.terms.get(code)?.description },
        terms.terms.get(code)?.name || code,
      ),
    );
  return chips.length
    ? h("ul", { class: "chips", "aria-label": "Classification" }, chips)
    : h("p", { class: "muted" }, "Not classified.");
}

export function outcomeCard(outcome, terms) {
  const when = format.date(outcome.adoptedOn) || (outcome.event ? String(outcome.event.year) : null);
  return h(
    "article",
    { class: "record outcome", "data-recommendation-id": outcome.id },
    h(
      "h3",
      {},
      outcome.sourceUrl ? h("a", { href: outcome.sourceUrl, rel: "external" }, outcome.title) : outcome.title,
      outcome.synthetic
        ? badge("synthetic", "warning", "Generated demo data, not a real recommendation")
        : null,
    ),
    h(
      "p",
      { class: "meta" },
      [
        outcome.number ? `No. ${outcome.number}` : null,
        when,
        outcome.document?.title,
        outcome.event && outcome.event.title !== outcome.document?.title ? outcome.event.title : null,
      ]
        .filter(Boolean)
        .join(" · "),
    ),
    outcome.text && outcome.text !== outcome.title ? h("p", { class: "record-text" }, outcome.text) : null,
    classification(outcome, terms),
    classifiedBy(outcome),
    outcome.gcmObjectives.length
      ? h(
          "p",
          { class: "objectives" },
          "GCM objectives: ",
          outcome.gcmObjectives.map((objective) =>
            h("span", { class: "objective-number", title: objective.shortName }, String(objective.number)),
          ),
        )
      : null,
    sourcesList(outcome.sources),
  );
}

export function contributionCard(contribution) {
  return h(
    "article",
    { class: "record contribution", "data-contribution-id": contribution.id },
    h(
      "h3",
      {},
      contribution.title,
      contribution.synthetic ? badge("synthetic", "warning", "Generated demo data") : null,
    ),
    h(
      "p",
      { class: "meta" },
      [contribution.reviewProcess.name, format.date(contribution.publishedAt?.slice(0, 10))]
        .filter(Boolean)
        .join(" · "),
    ),
    h("p", { class: "record-text" }, contribution.summary),
  );
}

export function documentCard(document) {
  return h(
    "article",
    { class: "record document", "data-document-id": document.id },
    h(
      "h3",
      {},
      document.url ? h("a", { href: document.url, rel: "external" }, document.title) : document.title,
      document.synthetic ? badge("synthetic", "warning") : null,
    ),
    h(
      "p",
      { class: "meta" },
      [
        DETAILED_DOCUMENT_KINDS[document.detailedKind] || DOCUMENT_KINDS[document.kind] || document.kind,
        format.date(document.publishedOn) || (document.year ? String(document.year) : null),
        document.place,
      ]
        .filter(Boolean)
        .join(" · "),
    ),
    document.summary ? h("p", { class: "record-text" }, document.summary) : null,
    sourcesList(document.sources),
  );
}

function dateBlock(event) {
  if (!event.startsOn)
    return h("div", { class: "date-block" }, h("span", { class: "year" }, String(event.year)));
  const start = new Date(`${event.startsOn}T00:00:00Z`);
  return h(
    "div",
    { class: "date-block" },
    h("span", { class: "day" }, String(start.getUTCDate())),
    h("span", { class: "month" }, start.toLocaleString("en", { month: "short", timeZone: "UTC" })),
    h("span", { class: "year" }, String(event.year)),
  );
}

export function meetingCard(event, { showIscm = true } = {}) {
  const days = event.startsOn
    ? [
        format.date(event.startsOn),
        event.endsOn && event.endsOn !== event.startsOn ? format.date(event.endsOn) : null,
      ]
        .filter(Boolean)
        .join(" – ")
    : `${event.year} (day not known)`;
  const place = [event.city, event.country?.name].filter(Boolean).join(", ");
  return h(
    "article",
    { class: `record meeting kind-${event.kind.toLowerCase()}`, "data-event-id": event.id },
    dateBlock(event),
    h(
      "div",
      {},
      h(
        "h3",
        {},
        event.url ? h("a", { href: event.url, rel: "external" }, event.title) : event.title,
        event.synthetic ? badge("synthetic", "warning") : null,
      ),
      h(
        "p",
        { class: "meta" },
        [eventKindName(event.kind), days, place].filter(Boolean).join(" · "),
        showIscm && event.iscm
          ? [
              " · ",
              h("a", { href: route("iscm", event.iscm.slug), title: event.iscm.name }, shortName(event.iscm)),
            ]
          : null,
      ),
    ),
  );
}
