// The calendar: when the mechanisms meet. Meetings per year by kind, the upcoming ones and the
// past ones, and the iCalendar feed to subscribe to.

import { allNodes } from "../api.js";
import { dataTable, figure, format, h, keyFigures, queriesUsed, viewHeader } from "../ui.js";
import { eventKindName, meetingCard } from "./outcomes.js";

const { Plot, d3 } = globalThis;
const KIND_COLORS = ["#0e7c86", "#6d597a", "#e09f3e", "#b56576", "#355070", "#8d99ae"];
const YEARS_SHOWN = 3;

// The last day of a meeting; a meeting known only by year lasts the whole year.
const lastDay = (event) => event.endsOn || event.startsOn || `${event.year}-12-31`;

function perYear(events, width) {
  const years = d3.range(
    d3.min(events, (event) => event.year),
    d3.max(events, (event) => event.year) + 1,
  );
  const kinds = [...new Set(events.map((event) => eventKindName(event.kind)))];
  const rows = events.map((event) => ({ year: event.year, kind: eventKindName(event.kind) }));
  const chart = Plot.plot({
    width,
    height: 260,
    marginLeft: 36,
    marginBottom: 30,
    style: { fontFamily: "system-ui, sans-serif", fontSize: "12px", background: "transparent" },
    x: {
      type: "band",
      domain: years,
      label: null,
      tickFormat: (year) => (year % 5 === 0 ? String(year) : ""),
      tickSize: 0,
    },
    y: { label: "meetings", grid: true },
    color: { domain: kinds, range: KIND_COLORS, legend: true },
    marks: [
      Plot.barY(rows, Plot.groupX({ y: "count" }, { x: "year", fill: "kind", tip: true })),
      Plot.ruleY([0]),
    ],
  });
  const counts = d3.rollups(
    rows,
    (group) => group.length,
    (row) => row.year,
  );
  chart.setAttribute("role", "img");
  chart.setAttribute(
    "aria-label",
    `Meetings per year from ${years[0]} to ${years.at(-1)}: ${counts.map(([year, count]) => `${year}: ${count}`).join(", ")}`,
  );
  return chart;
}

export async function calendarView(_, { width }) {
  const events = await allNodes("AtlasCalendar", { first: 100 }, (data) => data.events);
  const today = new Date().toISOString().slice(0, 10);
  const upcoming = events.filter((event) => lastDay(event) >= today);
  const past = events.filter((event) => lastDay(event) < today).reverse();
  const yearGroups = d3
    .groups(past, (event) => event.year)
    .map(([year, group]) =>
      h(
        "section",
        { class: "year-group", "aria-labelledby": `year-${year}` },
        h("h3", { id: `year-${year}` }, `${year} `, h("small", {}, format.plural(group.length, "meeting"))),
        h(
          "ol",
          { class: "meeting-grid" },
          group.map((event) => h("li", {}, meetingCard(event))),
        ),
      ),
    );
  const pastList = h("div", { class: "past" }, yearGroups.slice(0, YEARS_SHOWN));
  const showAll = h(
    "button",
    {
      type: "button",
      class: "toggle more-button",
      onclick: () => {
        pastList.append(...yearGroups.slice(YEARS_SHOWN));
        showAll.remove();
      },
    },
    `Show the earlier years (${yearGroups.length - YEARS_SHOWN} more)`,
  );
  const mechanisms = new Set(events.map((event) => event.iscm?.slug).filter(Boolean));
  return h(
    "div",
    { class: "view calendar" },
    viewHeader(
      "When the mechanisms meet",
      "Ministerial conferences, senior officials' meetings, thematic meetings and the Global RCP meetings, as the sources record them.",
    ),
    h(
      "p",
      { class: "subscribe" },
      h("a", { class: "button", href: "/calendar.ics" }, "Subscribe: iCalendar feed"),
      " ",
      h(
        "span",
        { class: "muted" },
        "Add /calendar.ics to a calendar application; each mechanism's page links to its own feed. Meetings known only by year are not in the feed.",
      ),
    ),
    keyFigures([
      { value: format.integer(events.length), label: "meetings recorded" },
      { value: format.integer(upcoming.length), label: "upcoming" },
      { value: format.integer(mechanisms.size), label: "mechanisms meeting" },
      {
        value: `${d3.min(events, (event) => event.year)}–${d3.max(events, (event) => event.year)}`,
        label: "years covered",
      },
    ]),
    figure({
      title: "Meetings per year",
      chart: () => perYear(events, width - 40),
      table: () =>
        dataTable({
          caption: "Meetings per year and kind",
          columns: [
            { label: "Year", value: (row) => String(row[0]) },
            { label: "Meetings", numeric: true, value: (row) => String(row[1].length) },
            {
              label: "Kinds",
              value: (row) => [...new Set(row[1].map((event) => eventKindName(event.kind)))].join(", "),
            },
          ],
          rows: d3.groups(events, (event) => event.year).sort((a, b) => b[0] - a[0]),
        }),
    }),
    h(
      "section",
      { class: "section", "aria-labelledby": "upcoming-heading" },
      h("h2", { id: "upcoming-heading" }, `Upcoming (${upcoming.length})`),
      upcoming.length
        ? h(
            "ol",
            { class: "meeting-grid upcoming" },
            upcoming.map((event) => h("li", {}, meetingCard(event))),
          )
        : h(
            "p",
            { class: "muted" },
            `No upcoming meeting is recorded yet${past.length ? `; the latest took place on ${format.date(past[0].startsOn) || past[0].year}` : ""}.`,
          ),
    ),
    h(
      "section",
      { class: "section", "aria-labelledby": "past-heading" },
      h("h2", { id: "past-heading" }, `Past (${past.length})`),
      pastList,
      yearGroups.length > YEARS_SHOWN ? showAll : null,
    ),
    queriesUsed("AtlasCalendar"),
  );
}
