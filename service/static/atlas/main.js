// The atlas: a hash router over five views. Each view is an async function of the route's
// arguments that returns its content; nothing is shown until the view is complete.

import { coverageView } from "./views/coverage.js";
import { membershipsView } from "./views/memberships.js";
import { iscmView } from "./views/iscm.js";
import { stateView } from "./views/state.js";
import { calendarView } from "./views/calendar.js";
import { errorBox } from "./ui.js";

const VIEWS = {
  coverage: coverageView,
  memberships: membershipsView,
  iscm: iscmView,
  state: stateView,
  calendar: calendarView,
};
const main = document.getElementById("view");
let shown = 0;
let drawnWidth = 0;

// The width views may draw in: main's content box.
function contentWidth() {
  const style = getComputedStyle(main);
  return main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
}

// "#/coverage/bali-process/9?order=name" -> {name: "coverage", args: ["bali-process", "9"],
// params: {order: "name"}}.
function currentRoute() {
  const [path, search = ""] = location.hash.replace(/^#\/?/, "").split("?");
  const [name, ...args] = path.split("/").filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(search);
  return VIEWS[name] ? { name, args, params } : { name: "coverage", args: [], params };
}

async function show() {
  const { name, args, params } = currentRoute();
  const turn = ++shown;
  main.dataset.view = name;
  main.dataset.state = "loading";
  main.setAttribute("aria-busy", "true");
  for (const link of document.querySelectorAll("nav a[data-route]")) {
    if (link.dataset.route === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  let content;
  drawnWidth = contentWidth();
  try {
    content = await VIEWS[name](args, { width: drawnWidth, params });
  } catch (error) {
    content = errorBox(error);
  }
  if (turn !== shown) return; // the reader moved on meanwhile
  main.replaceChildren(content);
  main.dataset.state = "ready";
  main.removeAttribute("aria-busy");
  const heading = main.querySelector("h1");
  document.title = heading ? `${heading.textContent} · ISCM Atlas` : "ISCM Atlas";
  if (turn === 1) {
    performance.mark("atlas:first-view");
  } else if (heading && !main.contains(document.activeElement)) {
    heading.focus({ preventScroll: false });
  }
}

// Charts are drawn for the width they get: redraw when it changes much (rotation, zoom).
let resizing = null;
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(() => {
    if (Math.abs(contentWidth() - drawnWidth) > 40 && main.dataset.state === "ready") show();
  }, 250);
});
window.addEventListener("hashchange", show);
show();
