// Building blocks every view shares: elements, formats, figures with a table view, keyboard
// movement through a chart's marks, and the panels that explain where figures come from.

import { documentText } from "./api.js";

// h("p", {class: "lede", onclick: fn}, "text", child, [more children]) -> an element.
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(
    ...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false),
  );
  return element;
}

const integer = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const compactNumber = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const longDate = new Intl.DateTimeFormat("en", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

export const format = {
  integer: (value) => (value === null || value === undefined ? "—" : integer.format(value)),
  compact: (value) => (value === null || value === undefined ? "—" : compactNumber.format(value)),
  percent: (value) => (value === null || value === undefined ? "—" : `${value.toFixed(1)} %`),
  date: (iso) => (iso ? longDate.format(new Date(`${iso}T00:00:00Z`)) : null),
  plural: (count, one, many = `${one}s`) => `${integer.format(count)} ${count === 1 ? one : many}`,
};

// An ISCM's short label: its acronym, else the process it is known as ("... (Rabat Process)",
// "Bali Process on ..."), else its name.
export function shortName(iscm) {
  if (iscm.acronym) return iscm.acronym;
  const known =
    iscm.name.match(/\(((?!formerly )[^()]+ Process)\)/) || iscm.name.match(/^(\S+(?: \S+)? Process)\b/);
  return known ? known[1] : iscm.name;
}

export const KIND_NAMES = {
  RCP: "Regional consultative process",
  IRF: "Inter-regional forum",
  GLOBAL: "Global process",
};
export const KIND_PLURALS = {
  RCP: "Regional consultative processes",
  IRF: "Inter-regional forums",
  GLOBAL: "Global processes",
};

export function badge(text, tone = "neutral", title = undefined) {
  return h("span", { class: `badge badge-${tone}`, title }, text);
}

export function callout(tone, ...children) {
  return h("aside", { class: `callout callout-${tone}` }, ...children);
}

export function viewHeader(title, lede, ...extra) {
  return h(
    "header",
    { class: "view-header" },
    h("h1", { tabindex: "-1", class: title.length > 60 ? "long" : null }, title),
    lede ? h("p", { class: "lede" }, lede) : null,
    ...extra,
  );
}

// Big figures in a row: [{value, label, note?}].
export function keyFigures(items) {
  return h(
    "dl",
    { class: "key-figures" },
    items.map((item) =>
      h(
        "div",
        { class: "key-figure" },
        h("dt", {}, item.label),
        h("dd", {}, item.value),
        item.note ? h("dd", { class: "note" }, item.note) : null,
      ),
    ),
  );
}

// A <table>: columns are {label, value(row) -> text or node, numeric?}.
export function dataTable({ caption, columns, rows, className = "" }) {
  return h(
    "div",
    { class: "table-scroll", role: "region", "aria-label": caption, tabindex: "0" },
    h(
      "table",
      { class: `data-table ${className}` },
      h("caption", {}, caption),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          columns.map((column) =>
            h("th", { scope: "col", class: column.numeric ? "numeric" : null }, column.label),
          ),
        ),
      ),
      h(
        "tbody",
        {},
        rows.map((row) =>
          h(
            "tr",
            {},
            columns.map((column, index) => {
              const cell = column.value(row);
              return h(
                index === 0 ? "th" : "td",
                { scope: index === 0 ? "row" : null, class: column.numeric ? "numeric" : null },
                cell ?? "—",
              );
            }),
          ),
        ),
      ),
    ),
  );
}

// A chart with its text alternative: a heading, the chart (or its table, at the reader's
// choice), and a caption. `chart` and `table` are functions returning nodes.
export function figure({ title, caption, chart, table, className = "", actions = [] }) {
  const body = h("div", { class: "figure-body" });
  const buttons = [];
  const show = (which) => {
    body.replaceChildren(...[which === "table" ? table() : chart()].flat());
    body.dataset.showing = which;
    for (const button of buttons) button.setAttribute("aria-pressed", String(button.dataset.show === which));
  };
  if (table) {
    for (const [which, label] of [
      ["chart", "Chart"],
      ["table", "Table"],
    ]) {
      buttons.push(
        h(
          "button",
          {
            type: "button",
            class: "toggle",
            "data-show": which,
            "aria-pressed": "false",
            onclick: () => show(which),
          },
          label,
        ),
      );
    }
  }
  const element = h(
    "figure",
    { class: `chart ${className}` },
    h(
      "div",
      { class: "figure-head" },
      h("h2", {}, title),
      h(
        "div",
        { class: "figure-actions" },
        actions,
        buttons.length
          ? h("div", { class: "toggle-group", role: "group", "aria-label": `${title}: show as` }, buttons)
          : null,
      ),
    ),
    body,
    caption ? h("figcaption", {}, caption) : null,
  );
  show("chart");
  return element;
}

// Keyboard movement through a chart's marks (a roving tabindex): one mark is in the tab order;
// arrows move (by `columns` for up and down in a grid), Home and End jump, Enter or Space act.
export function roving(marks, { columns = marks.length, onActivate, onFocus, start = 0 }) {
  marks.forEach((mark, index) => {
    mark.setAttribute("tabindex", index === start ? "0" : "-1");
    mark.addEventListener("click", () => {
      move(index);
      onActivate?.(index);
    });
    mark.addEventListener("focus", () => onFocus?.(index));
    mark.addEventListener("keydown", (event) => {
      const steps = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns };
      let next = null;
      if (event.key in steps) next = index + steps[event.key];
      else if (event.key === "Home") next = index - (index % columns);
      else if (event.key === "End") next = index - (index % columns) + columns - 1;
      else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        onActivate?.(index);
        return;
      } else return;
      event.preventDefault();
      if (next >= 0 && next < marks.length) move(next, true);
    });
  });
  function move(index, focus = false) {
    for (const mark of marks) mark.setAttribute("tabindex", "-1");
    marks[index].setAttribute("tabindex", "0");
    if (focus) marks[index].focus();
  }
  return { move };
}

// "How this view asks the API": the persisted documents behind a view, shown on demand.
export function queriesUsed(...operationNames) {
  const list = h("div", { class: "queries-used" });
  const details = h(
    "details",
    { class: "how" },
    h("summary", {}, "How this view asks the API"),
    h(
      "p",
      {},
      "The atlas sends only these persisted GraphQL documents, by their SHA-256 hash, to ",
      h("a", { href: "/graphql" }, "/graphql"),
      ". Frontends may copy them.",
    ),
    list,
  );
  details.addEventListener("toggle", async () => {
    if (!details.open || list.childElementCount) return;
    try {
      const texts = await Promise.all(operationNames.map(documentText));
      list.replaceChildren(
        ...texts.map((text) => h("pre", { class: "query-text", tabindex: "0" }, h("code", {}, text))),
      );
    } catch {
      list.replaceChildren(h("p", {}, "The documents could not be loaded."));
    }
  });
  return details;
}

// Where a series comes from: the source, its licence and how to cite it.
export function sourceNote(source) {
  if (!source) return null;
  return h(
    "p",
    { class: "source-note" },
    "Source: ",
    h("a", { href: source.url, rel: "external" }, source.name),
    ` · Licence: ${source.licence} · Cite as: ${source.citation}`,
  );
}

// Says when a list shows only the first page of what there is.
export function partOf(shown, total) {
  return shown < total ? h("p", { class: "muted" }, `The first ${shown} of ${total} are listed.`) : null;
}

export function errorBox(error) {
  return callout(
    "error",
    h(
      "p",
      { role: "alert" },
      h("strong", {}, "This view could not be drawn. "),
      error.message,
      error.code ? ` (${error.code})` : "",
    ),
  );
}

// A link to another view of the atlas.
export const route = (...parts) => `#/${parts.map((part) => encodeURIComponent(part)).join("/")}`;
