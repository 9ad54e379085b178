"""The ISCM calendar: the `events` field and the iCalendar feed at /calendar.ics."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert, select

from db import models
from tests.graph_support import iscm_id, without_real_outcomes  # noqa: F401 - fixtures

# Written when a fresh install held no outcome records: they list every record of their own.
pytestmark = pytest.mark.usefixtures("without_real_outcomes")

EVENTS = """
query Events($filter: EventFilter, $orderBy: EventOrder, $first: Int, $after: String) {
  events(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { slug title kind year startsOn endsOn city country { iso3 } iscm { slug } synthetic } }
  }
}
"""

# GRCP meetings in db/seed/grcp_meetings.json: 1 (2005, no dates) ... 9 (2021-11-10/11)
GRCP_SLUGS = [f"grcp-{n}" for n in range(1, 10)]


def slugs(data: dict) -> list[str]:
    return [edge["node"]["slug"] for edge in data["events"]["edges"]]


@pytest.fixture
async def bali_events(session):
    """Two Bali Process meetings of our own; text that needs escaping and folding."""
    bali = await iscm_id(session, "bali-process")
    await session.execute(
        insert(models.Event),
        [
            {
                "slug": "bali-ministerial-2023",
                "iscm_id": bali,
                "title": "Eighth Bali Process Ministerial Conference; Adelaide, 2023",
                "kind": "MINISTERIAL_CONFERENCE",
                "year": 2023,
                "starts_on": date(2023, 2, 10),
                "ends_on": date(2023, 2, 10),
                "city": "Adelaide",
                "country_iso3": "AUS",
                "theme": "Line one\nLine two, with a comma; a semicolon and a back\\slash",
                "notes": "Réunion ministérielle — " + "très longue note " * 8,
                "url": "https://www.baliprocess.net/ministerial,2023?a=1;b=2",
                "synthetic": True,
                "updated_at": datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
            },
            {
                "slug": "bali-workshop-undated",
                "iscm_id": bali,
                "title": "Bali Process workshop (date unknown)",
                "kind": "THEMATIC_WORKSHOP",
                "year": 2022,
                "synthetic": True,
            },
        ],
    )
    await session.flush()
    return bali


async def test_events_include_grcp_meetings_in_date_order(graphql, session):
    data = await graphql.data(EVENTS, {"first": 50})
    assert slugs(data) == GRCP_SLUGS
    assert data["events"]["totalCount"] == 9
    seventh = data["events"]["edges"][6]["node"]
    assert seventh == {
        "slug": "grcp-7",
        "title": seventh["title"],
        "kind": "GRCP_MEETING",
        "year": 2017,
        "startsOn": "2017-10-10",
        "endsOn": "2017-10-11",
        "city": "Geneva",
        "country": {"iso3": "CHE"},
        "iscm": None,
        "synthetic": False,
    }
    newest = await graphql.data(EVENTS, {"first": 2, "orderBy": {"direction": "DESC"}})
    assert slugs(newest) == ["grcp-9", "grcp-8"]
    by_title = await graphql.data(EVENTS, {"first": 50, "orderBy": {"field": "TITLE"}})
    titles = [edge["node"]["title"] for edge in by_title["events"]["edges"]]
    by_sql = select(models.Event.title).order_by(models.Event.title.desc(), models.Event.id.desc())
    assert titles == list(reversed((await session.execute(by_sql)).scalars().all()))


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        # the 2005 meeting has no dates: it counts as spanning 2005
        ({"from": "2005-06-01", "to": "2005-06-30"}, ["grcp-1"]),
        ({"from": "2016-01-01", "to": "2017-12-31"}, ["grcp-6", "grcp-7"]),
        # overlapping the span is enough: GRCP 7 ends on 11 October 2017
        ({"from": "2017-10-11", "to": "2017-10-11"}, ["grcp-7"]),
        ({"from": "2021-01-01"}, ["grcp-9", "bali-workshop-undated", "bali-ministerial-2023"]),
        ({"from": "2023-01-01"}, ["bali-ministerial-2023"]),
        ({"iscm": "bali-process"}, ["bali-workshop-undated", "bali-ministerial-2023"]),
        ({"kind": "MINISTERIAL_CONFERENCE"}, ["bali-ministerial-2023"]),
        ({"kind": "GRCP_MEETING", "to": "2009-12-31"}, ["grcp-1", "grcp-2"]),
    ],
)
async def test_event_filters(graphql, bali_events, filter_, expected):
    data = await graphql.data(EVENTS, {"first": 50, "filter": filter_})
    assert slugs(data) == expected


@pytest.mark.parametrize(
    ("filter_", "argument"),
    [
        ({"from": "2020-01-02", "to": "2020-01-01"}, "filter.from"),
        ({"iscm": "no-such-process"}, "filter.iscm"),
    ],
)
async def test_invalid_event_filters(graphql, filter_, argument):
    errors = await graphql.errors(EVENTS, {"first": 5, "filter": filter_})
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}


async def test_iscm_events_nested_and_paged(graphql, bali_events):
    data = await graphql.data(
        """{ iscm(slug: "bali-process") { events(first: 1) { totalCount pageInfo { hasNextPage }
             edges { node { slug iscm { slug } country { iso3 } } } } } }"""
    )
    events = data["iscm"]["events"]
    assert events["totalCount"] == 2
    assert events["pageInfo"]["hasNextPage"] is True
    # the undated 2022 workshop sorts from 1 January 2022, before February 2023
    assert events["edges"][0]["node"] == {
        "slug": "bali-workshop-undated",
        "iscm": {"slug": "bali-process"},
        "country": None,
    }


ISCM_EVENTS = """
query IscmEvents($slug: String!) {
  iscm(slug: $slug) { events(first: 10) { totalCount edges { node { slug } } } }
}
"""


async def test_meetings_held_together_are_on_each_holders_calendar(graphql, bali_events, session):
    """A meeting another ISCM held together with the Bali Process is on both calendars: in
    each ISCM's `events` and in `events(filter: {iscm})`, in date order."""
    host_id, host_slug = (
        await session.execute(
            select(models.Iscm.id, models.Iscm.slug)
            .where(models.Iscm.id != bali_events)
            .order_by(models.Iscm.id)
            .limit(1)
        )
    ).one()
    joint = await session.scalar(
        insert(models.Event)
        .values(
            slug="joint-dialogue-2024",
            iscm_id=host_id,
            title="Joint dialogue of two processes",
            kind="THEMATIC_WORKSHOP",
            year=2024,
            synthetic=True,
        )
        .returning(models.Event.id)
    )
    await session.execute(
        insert(models.event_shared_iscms).values(event_id=joint, iscm_id=bali_events)
    )
    await session.flush()
    expected = {
        "bali-process": ["bali-workshop-undated", "bali-ministerial-2023", "joint-dialogue-2024"],
        host_slug: ["joint-dialogue-2024"],
    }
    for slug, held in expected.items():
        nested = (await graphql.data(ISCM_EVENTS, {"slug": slug}))["iscm"]["events"]
        assert [edge["node"]["slug"] for edge in nested["edges"]] == held
        assert nested["totalCount"] == len(held)
        listed = await graphql.data(EVENTS, {"first": 50, "filter": {"iscm": slug}})
        assert slugs(listed) == held


def unfold(body: str) -> list[str]:
    """Undo RFC 5545 line folding; return the logical content lines."""
    return body.replace("\r\n ", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    out, characters = [], iter(value)
    for character in characters:
        if character == "\\":
            following = next(characters)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(character)
    return "".join(out)


def parse_events(body: str) -> list[dict[str, str]]:
    """Parse the VEVENTs of a calendar into {property: value} dicts (parameters dropped)."""
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in unfold(body):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT" and current is not None:
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name.split(";")[0]] = value
    return events


async def test_calendar_feed_is_rfc_5545(client, bali_events, session):
    # when
    response = await client.get("/calendar.ics")

    # then: headers, line endings, folding
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    physical = body.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    assert any(line.startswith(" ") for line in physical), "the long notes must be folded"

    # then: every dated event, in order, the undated ones left out
    events = parse_events(body)
    dated = (
        (await session.execute(select(models.Event.id).where(models.Event.starts_on.is_not(None))))
        .scalars()
        .all()
    )
    assert len(events) == len(dated) == 9  # GRCP 2-9 and the Bali conference
    assert not any("date unknown" in e["SUMMARY"] for e in events)
    assert not any(
        e["SUMMARY"].startswith("Global Meeting") and "2005" in e["SUMMARY"] for e in events
    )
    assert [e["DTSTART"] for e in events] == sorted(e["DTSTART"] for e in events)
    assert len({e["UID"] for e in events}) == 9

    # then: one event in full, DTEND exclusive, text escaped and restored
    grcp_seven = next(e for e in events if "GRCP 7" in e["SUMMARY"])
    assert grcp_seven["DTSTART"] == "20171010"
    assert grcp_seven["DTEND"] == "20171012"
    assert grcp_seven["LOCATION"] == "Geneva\\, Switzerland"
    bali = next(e for e in events if e["SUMMARY"].startswith("Eighth Bali"))
    assert bali["DTSTART"] == "20230210"
    assert bali["DTEND"] == "20230211"
    assert bali["DTSTAMP"] == "20240102T030405Z"
    assert bali["SUMMARY"] == "Eighth Bali Process Ministerial Conference\\; Adelaide\\, 2023"
    assert unescape(bali["SUMMARY"]) == "Eighth Bali Process Ministerial Conference; Adelaide, 2023"
    assert bali["URL"] == "https://www.baliprocess.net/ministerial,2023?a=1;b=2"
    description = unescape(bali["DESCRIPTION"])
    assert description.startswith(
        "Held by: Bali Process on People Smuggling, Trafficking in Persons and Related Transnational Crime\n"
        "Theme: Line one\nLine two, with a comma; a semicolon and a back\\slash\n"
        "Réunion ministérielle — très longue note"
    )
    assert unescape(bali["LOCATION"]) == "Adelaide, Australia"
    event_id = (
        await session.execute(
            select(models.Event.id).where(models.Event.slug == "bali-ministerial-2023")
        )
    ).scalar_one()
    assert bali["UID"] == f"event-{event_id}@iscm-graph"


async def test_calendar_feed_of_one_iscm_and_a_span(client, bali_events):
    bali = await client.get("/calendar.ics", params={"iscm": "bali-process"})
    assert bali.status_code == 200
    assert [e["SUMMARY"][:12] for e in parse_events(bali.text)] == ["Eighth Bali "]
    assert "X-WR-CALNAME:Bali Process" in bali.text

    span = await client.get("/calendar.ics", params={"from": "2016-01-01", "to": "2017-12-31"})
    assert [e["DTSTART"] for e in parse_events(span.text)] == ["20161013", "20171010"]
    # a one-day meeting ends (exclusively) the next day
    assert parse_events(span.text)[0]["DTEND"] == "20161014"


@pytest.mark.parametrize(
    ("params", "status", "text"),
    [
        ({"iscm": "no-such-process"}, 404, "No ISCM has the slug 'no-such-process'."),
        ({"from": "yesterday"}, 400, "`from` must be a date such as 2025-01-31."),
        (
            {"from": "2020-02-01", "to": "2020-01-01"},
            400,
            "`from` (2020-02-01) is after `to` (2020-01-01)",
        ),
    ],
)
async def test_calendar_feed_refuses_bad_parameters_in_plain_text(client, params, status, text):
    response = await client.get("/calendar.ics", params=params)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.strip() == text
