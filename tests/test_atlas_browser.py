"""The atlas in a real browser with no way out, on real data, with ISCM_PERSISTED_ONLY=true.

The database holds the seeded reference data and real content, and UN figures put in the cache
by `iscm-graph sync` from the recorded UN answers (tests/fixtures/un, replayed on loopback), one
series of them aged past its time to live so that it is served stale. Each view is checked
against what the API answers to plain queries of the test's own (allow-listed too, since only
allow-listed documents run). Headless Chromium reaches 127.0.0.1 only (tests/browser.py).

With ATLAS_SCREENSHOTS=<folder> set, the tests keep a screenshot of each view there (the README's
are made so: `ATLAS_SCREENSHOTS=docs/atlas pytest tests/test_atlas_browser.py`).
"""

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Locator, Page
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from db.reference_data import load_reference_data
from db.session import create_engine
from migrations import upgrade_async
from service.database import DatabaseUrls
from service.persisted import allow_list, joined_operation_names
from service.settings import Settings
from service.sync import run_sync
from tests.browser import Sighted, assert_offline, offline_page
from tests.database import create_database, drop_database
from tests.live_service import served
from tests.un_upstream import serve_upstream

# States whose UN answers are recorded in tests/fixtures/un, synced one by one as recorded.
SYNCED_STATES = ("PHL", "DEU")
STALE_SERIES = ("WORLDBANK", "BX.TRF.PWKR.CD.DT", "PHL")
THIS_YEAR = datetime.now(UTC).year
TRUTH = {
    "TruthCoverage": """query TruthCoverage {
  gcmCoverage {
    basis { recommendationCount contributionCount iscmsWithRecords iscmCount }
    rows { iscm { slug } cells { objectiveNumber recommendationCount contributionCount } }
  }
}""",
    "TruthCell": """query TruthCell($iscm: String!, $objective: Int!) {
  recommendations(filter: {iscm: $iscm, gcmObjective: $objective}, first: 100) { edges { node { id } } }
  reviewContributions(filter: {iscm: $iscm, gcmObjective: $objective}, first: 100) { totalCount }
}""",
    "TruthMembers": """query TruthMembers($slug: String!) {
  iscm(slug: $slug) {
    membersConfidence observersConfidence members { iso3 name } observers { iso3 name }
  }
}""",
    "TruthState": """query TruthState($iso3: String!, $to: Int!) {
  memberState(iso3: $iso3) {
    memberships { iscm { slug } }
    remittancesReceived(from: 1990, to: $to) { year value stale source { citation licence } }
    refugeesOriginating(from: 1990, to: $to) { year value stale }
    migrantStock(from: 1990, to: $to) { year value stale }
  }
}""",
    "TruthIscm": """query TruthIscm($slug: String!) {
  iscm(slug: $slug) {
    recommendations(first: 100) { totalCount edges { node { classification { kind } } } }
    events { totalCount }
    disputedFacts { slug }
    governanceProfile { basis { recommendationCount contributionCount } }
  }
  documents(filter: {iscm: $slug}) { totalCount }
}""",
    "TruthCalendar": "query TruthCalendar { events { totalCount } }",
}
# When the first view was drawn, in milliseconds after navigation started.
FIRST_VIEW = "performance.getEntriesByName('atlas:first-view')[0].startTime"
VIEWS = ("coverage", "memberships", "iscm", "iscm/bali-process", "state", "state/PHL", "calendar")


@pytest.fixture(scope="module")
async def atlas_database(admin_url: str) -> AsyncIterator[str]:
    """A database of the real content, UN figures cached for SYNCED_STATES, the test's own
    queries allow-listed."""
    url = await create_database(admin_url, prefix="iscm_atlas")
    await upgrade_async(url)
    engine = create_engine(url, pool_size=1, max_overflow=0)
    async with AsyncSession(engine) as session, session.begin():
        await load_reference_data(session)
        for document in TRUTH.values():
            await allow_list(session, document, joined_operation_names(document))
    with contextmanager(serve_upstream)() as upstream:
        settings = Settings(
            database_url=url, upstream_attempts=1, upstream_backoff=0, **upstream.base_urls()
        )
        sources = ["SDG", "UNHCR", "WORLDBANK"]
        for iso3 in SYNCED_STATES:  # one at a time: the recordings are of one State each
            await run_sync(DatabaseUrls(url, url), settings, sources, True, [iso3], None)
    async with AsyncSession(engine) as session, session.begin():
        for table in ("indicator_fetches", "indicator_observations"):
            await session.execute(
                text(
                    f"UPDATE {table} SET fetched_at = fetched_at - interval '3 days'"
                    " WHERE (source, code, iso3) = (:source, :code, :iso3)"
                ),
                dict(zip(("source", "code", "iso3"), STALE_SERIES, strict=True)),
            )
    await engine.dispose()
    yield url
    await drop_database(admin_url, url)


@pytest.fixture(scope="module")
def atlas_url(atlas_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The atlas database served with only allow-listed documents allowed."""
    log_path = tmp_path_factory.mktemp("atlas-service") / "serve.log"
    with served(atlas_database, log_path, ISCM_PERSISTED_ONLY="true") as base:
        yield base


def truth(base: str, name: str, **variables: Any) -> dict[str, Any]:
    """What the API answers to one of the test's own queries (sent in full: allow-listed)."""
    answer = httpx.post(
        f"{base}/graphql",
        json={"query": TRUTH[name], "operationName": name, "variables": variables},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


async def open_view(page: Page, base: str, route: str) -> None:
    """Go to an atlas view and wait until it is drawn."""
    await page.goto(f"{base}/atlas#/{route}")
    view = route.split("/", maxsplit=1)[0]
    await page.locator(f'main[data-state="ready"][data-view="{view}"]').wait_for()


async def keep(page: Page, name: str, part: Locator | None = None, *, whole: bool = False) -> None:
    """Keep a screenshot when ATLAS_SCREENSHOTS names a folder: of `part`, of the whole page, or
    of the window."""
    folder = os.environ.get("ATLAS_SCREENSHOTS")
    if not folder:
        return
    path = str(Path(folder) / f"{name}.png")
    await page.emulate_media(reduced_motion="reduce")  # no transition under way in the picture
    await page.mouse.move(0, 0)  # nor any hover effect
    if part is not None:
        await part.screenshot(path=path)
    else:
        await page.screenshot(path=path, full_page=whole)


def assert_clean(seen: Sighted) -> None:
    """Nothing but loopback, no console error, and only GETs by hash to the API."""
    assert_offline(seen)
    api = [url for url in seen.requested if "/graphql" in url]
    assert api
    assert all("persistedQuery" in url and "query=" not in url for url in api), api


async def test_the_coverage_heatmap_is_the_apis_matrix_and_a_cell_lists_its_outcomes(
    chromium, atlas_url, tmp_path, record_property
):
    # given
    coverage = truth(atlas_url, "TruthCoverage")["gcmCoverage"]
    matrix = coverage["rows"]
    expected = {
        (row["iscm"]["slug"], cell["objectiveNumber"]): cell["recommendationCount"]
        + cell["contributionCount"]
        for row in matrix
        for cell in row["cells"]
    }
    chosen = ("bali-process", 9)
    cell_truth = truth(atlas_url, "TruthCell", iscm=chosen[0], objective=chosen[1])
    neighbour = truth(atlas_url, "TruthCell", iscm=chosen[0], objective=chosen[1] + 1)
    async with offline_page(chromium, tmp_path / "profile") as (page, seen):
        # when the atlas opens on its first view
        await open_view(page, atlas_url, "coverage")
        first_view_ms = await page.evaluate(FIRST_VIEW)
        drawn = await page.locator(".heatmap-cells [data-column]").evaluate_all(
            "marks => marks.map(m => [m.dataset.row, Number(m.dataset.column), Number(m.dataset.value)])"
        )
        caveat = await page.locator(".callout-caveat [data-basis]").get_attribute("data-basis")
        editorial = await page.locator(".callout-caveat").inner_text()
        # and a cell is clicked, then the next one chosen with the keyboard
        cell = page.locator(f'.heatmap-cells [data-row="{chosen[0]}"][data-column="{chosen[1]}"]')
        await cell.click()
        panel = page.locator(f'.panel-body[data-iscm="{chosen[0]}"][data-objective="{chosen[1]}"]')
        await panel.wait_for()
        marked = await page.locator('.heatmap-cells [aria-current="true"]').all()
        marked_cell = [await mark.get_attribute("data-column") for mark in marked]
        listed = await panel.locator("[data-recommendation-id]").evaluate_all(
            "cards => cards.map(c => c.dataset.recommendationId)"
        )
        await keep(page, "coverage-cell", page.locator(".coverage-layout"))
        await cell.press("ArrowRight")
        await page.keyboard.press("Enter")
        after_keys = page.locator(f'.panel-body[data-objective="{chosen[1] + 1}"]')
        await after_keys.wait_for()
        by_keyboard = await after_keys.locator("[data-recommendation-id]").evaluate_all(
            "cards => cards.map(c => c.dataset.recommendationId)"
        )
        # and the table view is asked for, and the documents the view sends
        await page.get_by_role("button", name="Table").first.click()
        table_rows = await page.locator(".coverage-table tbody tr").count()
        await page.get_by_text("How this view asks the API").click()
        documents = page.locator(".query-text")
        await documents.first.wait_for()
        shown_documents = await documents.all_inner_texts()
        # and opened again, its files in the browser's cache and the service warm
        await page.reload()
        await page.locator('main[data-state="ready"][data-view="coverage"]').wait_for()
        again_ms = await page.evaluate(FIRST_VIEW)
    record_property("atlas_first_view_ms", round(first_view_ms))
    record_property("atlas_first_view_again_ms", round(again_ms))
    print(
        f"\natlas first view drawn {first_view_ms:.0f} ms after navigation start"
        f" (a fresh browser and service), {again_ms:.0f} ms when opened again"
    )

    # then the caveat states what the matrix rests on, as the API does
    basis = coverage["basis"]
    assert caveat == "/".join(
        str(basis[key])
        for key in ("recommendationCount", "contributionCount", "iscmsWithRecords", "iscmCount")
    )
    assert basis["recommendationCount"] > 0
    assert "editorial judgement" in editorial
    # and every cell of the API's matrix is drawn once, with its count
    assert len(drawn) == len(expected) == 34 * 23
    assert {(row, column): value for row, column, value in drawn} == expected
    assert sum(value for *_, value in drawn) > 0
    # the cell lists exactly the outcomes the API counts there, by click and by keyboard
    assert listed == [edge["node"]["id"] for edge in cell_truth["recommendations"]["edges"]]
    assert len(listed) + cell_truth["reviewContributions"]["totalCount"] == expected[chosen]
    assert marked_cell == [str(chosen[1])]
    assert by_keyboard == [edge["node"]["id"] for edge in neighbour["recommendations"]["edges"]]
    assert table_rows == len(matrix)
    operations = [
        line for text in shown_documents for line in text.splitlines() if line.startswith("query ")
    ]
    assert operations == [
        "query AtlasCoverage($filter: GcmCoverageFilter) {",
        "query AtlasCellOutcomes($iscm: String!, $objective: Int!, $first: Int = 50, $after: String) {",
        "query AtlasVocabularies {",
    ]
    assert first_view_ms > 0
    assert again_ms > 0
    assert_clean(seen)


async def test_the_map_marks_exactly_the_apis_members_and_observers(chromium, atlas_url, tmp_path):
    # given a mechanism with a partial member list, one with a complete list, a global process
    slugs = ("bali-process", "colombo-process", "global-forum-on-migration-and-development")
    async with offline_page(chromium, tmp_path / "profile") as (page, seen):
        for slug in slugs:
            iscm = truth(atlas_url, "TruthMembers", slug=slug)["iscm"]
            # when
            await open_view(page, atlas_url, f"memberships/{slug}")
            marked = await page.locator(".world-map [data-iso3]").evaluate_all(
                "marks => marks.map(m => [m.dataset.iso3, m.dataset.role])"
            )
            flags = await page.locator("[data-confidence]").evaluate_all(
                "flags => flags.map(f => f.dataset.confidence)"
            )
            unplaced = await page.get_by_text("Not on the map").count()
            if slug == slugs[0]:
                await keep(page, "memberships-map", page.locator("figure.map"))
                await keep(page, "memberships-overlap", page.locator("figure.overlap"))
                # and from the keyboard: into the map, one State on, and open it
                first = page.locator('.world-map [tabindex="0"]')
                await first.focus()
                await first.press("ArrowRight")
                await page.keyboard.press("Enter")
                await page.locator('main[data-state="ready"][data-view="state"]').wait_for()
                opened = page.url.rsplit("/", 1)[1]
                by_name = sorted(iscm["members"] + iscm["observers"], key=lambda s: s["name"])
                assert opened == by_name[1]["iso3"]
            # then every member and observer is marked, with its role, and nothing else
            members = {state["iso3"] for state in iscm["members"]}
            observers = {state["iso3"] for state in iscm["observers"]}
            assert {iso3 for iso3, role in marked if role == "member"} == members, slug
            assert {iso3 for iso3, role in marked if role == "observer"} == observers, slug
            assert {role for _, role in marked} <= {"member", "observer"}
            assert unplaced == 0
            # and the completeness of the member and observer lists is said
            expected_flags = [iscm["membersConfidence"], iscm["observersConfidence"]]
            assert flags == (expected_flags if members else []), slug
    assert_clean(seen)


async def test_the_state_page_draws_the_apis_series_marks_stale_values_and_cites_sources(
    chromium, atlas_url, tmp_path
):
    # given
    state = truth(atlas_url, "TruthState", iso3="PHL", to=THIS_YEAR)["memberState"]
    async with offline_page(chromium, tmp_path / "profile") as (page, seen):
        # when
        await open_view(page, atlas_url, "state/PHL")
        dots = await page.locator(".series circle[data-year]").evaluate_all(
            "dots => dots.map(d => [d.dataset.series, Number(d.dataset.year),"
            " Number(d.dataset.value), d.dataset.stale === 'true'])"
        )
        mechanisms = await page.locator(".membership-cards [data-slug]").evaluate_all(
            "cards => cards.map(c => c.dataset.slug)"
        )
        page_text = await page.locator("main").inner_text()
        await keep(page, "state", whole=True)
    # then each value the API has is drawn, stale ones as stale, and nothing else
    expected = [
        ("Remittances", point["year"], point["value"], point["stale"])
        for point in state["remittancesReceived"]
    ] + [
        ("Originating", point["year"], point["value"], point["stale"])
        for point in state["refugeesOriginating"]
    ]
    assert sorted(map(tuple, dots)) == sorted(expected)
    assert len(state["remittancesReceived"]) == 5
    assert all(point["stale"] for point in state["remittancesReceived"])
    assert not any(point["stale"] for point in state["refugeesOriginating"])
    assert state["migrantStock"] == []
    assert "5 stale values" in page_text
    source = state["remittancesReceived"][0]["source"]
    assert source["citation"] in page_text
    assert source["licence"] in page_text
    assert "The source has no values for this State." in page_text
    assert sorted(mechanisms) == sorted(m["iscm"]["slug"] for m in state["memberships"])
    assert_clean(seen)


async def test_the_mechanism_page_the_calendar_and_the_indexes_show_the_real_content(
    chromium, atlas_url, tmp_path
):
    # given
    iscm = truth(atlas_url, "TruthIscm", slug="bali-process")
    events = truth(atlas_url, "TruthCalendar")["events"]["totalCount"]
    async with offline_page(chromium, tmp_path / "profile") as (page, seen):
        # when
        await open_view(page, atlas_url, "iscm/bali-process")
        outcomes = await page.locator(".iscm-page [data-recommendation-id]").count()
        classified = await page.locator(
            ".iscm-page [data-recommendation-id] [data-classification]"
        ).evaluate_all("marks => marks.map(m => m.dataset.classification)")
        disputed = await page.locator(".iscm-page [data-fact]").evaluate_all(
            "facts => facts.map(f => f.dataset.fact)"
        )
        profile_basis = await page.locator(".governance [data-basis]").get_attribute("data-basis")
        documents = await page.locator(".iscm-page [data-document-id]").count()
        bars = await page.locator(".three-columns svg").count()
        await keep(page, "iscm")
        await keep(page, "iscm-profile", page.locator(".governance"))
        meetings_figure = page.locator("figure", has_text="Meetings over time")
        await meetings_figure.get_by_role("button", name="Table").click()
        meetings = await page.locator(".iscm-page [data-event-id]").count()
        await open_view(page, atlas_url, "calendar")
        await keep(page, "calendar")
        past = page.get_by_role("button", name="Show the earlier years")
        await past.click()
        calendar = await page.locator(".calendar [data-event-id]").count()
        feed = await page.get_by_role("link", name="Subscribe: iCalendar feed").get_attribute(
            "href"
        )
        await open_view(page, atlas_url, "iscm")
        cards = await page.locator(".iscm-index [data-slug]").count()
        await keep(page, "mechanisms")
        await open_view(page, atlas_url, "state")
        choropleth = await page.locator(".world-map [data-iso3]").count()
        picker = await page.locator("#state-picker option:not([value=''])").count()
        await keep(page, "states")
    # then
    assert outcomes == iscm["iscm"]["recommendations"]["totalCount"] > 0
    assert classified == [
        edge["node"]["classification"]["kind"]
        for edge in iscm["iscm"]["recommendations"]["edges"]
        if edge["node"]["classification"]
    ]
    assert "EDITORIAL" in classified
    assert disputed == [fact["slug"] for fact in iscm["iscm"]["disputedFacts"]]
    assert disputed
    basis = iscm["iscm"]["governanceProfile"]["basis"]
    assert profile_basis == f"{basis['recommendationCount']}/{basis['contributionCount']}"
    assert documents == iscm["documents"]["totalCount"] > 0
    assert meetings == iscm["iscm"]["events"]["totalCount"] > 0
    assert bars == 3
    assert calendar == events > 100
    assert feed == "/calendar.ics"
    assert cards == 34
    assert choropleth > 150
    assert picker == 195  # the States, not the territories
    assert_clean(seen)


async def test_every_view_reflows_at_400_percent_zoom(chromium, atlas_url, tmp_path):
    # given a 1280-pixel-wide window at 400 %: 320 CSS pixels
    widths = {}
    async with offline_page(chromium, tmp_path / "profile", viewport=(320, 256)) as (page, seen):
        for route in VIEWS:
            # when
            await open_view(page, atlas_url, route)
            widths[route] = await page.evaluate("document.documentElement.scrollWidth")
            heading = await page.locator("main h1").bounding_box()
            assert heading is not None, route
            assert heading["width"] <= 320, route
            if route == "state/PHL":
                await keep(page, "state-at-400-percent", whole=True)
    # then nothing needs scrolling sideways but the wide charts inside their own scroll areas
    assert widths == dict.fromkeys(VIEWS, 320)
    assert_clean(seen)
