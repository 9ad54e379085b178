"""Check that the servers give the same answer before any of them is timed.

The limit's answer is the reference (it is written to be iscm-graph's JSON); iscm-graph's
must equal it, and PostGraphile's must equal it once mapped onto our shape by the query's
adapter below. Values are compared as parsed JSON: key order and whitespace do not count,
list order does.
"""

import base64
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any

from graphql import parse, validate

from bench.catalog import BenchQuery, form_of
from bench.forms import normalised

Json = Any
Adapter = Callable[[Json], Json]


def first_difference(expected: Json, actual: Json, path: str = "data") -> str | None:
    """Return where and how `actual` differs from `expected`, or None when equal."""
    if isinstance(actual, OpaqueCursor):
        found = None if actual.matches(expected) else f"{path} is {actual!r}"
    elif isinstance(expected, dict) and isinstance(actual, dict):
        found = dict_difference(expected, actual, path)
    elif isinstance(expected, list) and isinstance(actual, list):
        found = list_difference(expected, actual, path)
    elif expected != actual or type(expected) is not type(actual):
        found = f"{path} is {short(actual)}"
    else:
        return None
    return (
        found if found is None or ", expected" in found else f"{found}, expected {short(expected)}"
    )


def dict_difference(expected: dict[str, Json], actual: dict[str, Json], path: str) -> str | None:
    """Compare two objects key by key."""
    for key in expected.keys() | actual.keys():
        if key not in actual:
            return f"{path}.{key} is missing, expected {short(expected[key])}"
        if key not in expected:
            return f"{path}.{key} is not expected, expected nothing"
        found = first_difference(expected[key], actual[key], f"{path}.{key}")
        if found:
            return found
    return None


def list_difference(expected: list[Json], actual: list[Json], path: str) -> str | None:
    """Compare two lists item by item."""
    if len(expected) != len(actual):
        return f"{path} has {len(actual)} items, expected {len(expected)}"
    for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
        found = first_difference(left, right, f"{path}[{index}]")
        if found:
            return found
    return None


def short(value: Json) -> str:
    """Render a value for a one-line message."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def unsupported_reason(query: BenchQuery) -> str | None:
    """Return why iscm-graph's schema cannot answer the query yet, or None when it can."""
    from schema import schema  # noqa: PLC0415 - the harness imports the API only when checking

    errors = validate(schema._schema, parse(query.graphql))
    if errors:
        return f"query not supported by this server yet: {errors[0].message}"
    return None


def nodes(connection: Json) -> list[Json]:
    """Return the nodes of a PostGraphile connection."""
    return list(connection["nodes"]) if connection is not None else []


class OpaqueCursor:
    """A cursor in PostGraphile's own format: equal to any cursor, and null only to null."""

    def __init__(self, value: str | None) -> None:
        self.value = value

    def matches(self, expected: Json) -> bool:
        """Whether `expected` is a cursor exactly when this one is."""
        return (self.value is None) == (expected is None) and isinstance(expected, str | None)

    def __repr__(self) -> str:
        return f"<PostGraphile cursor {self.value!r}>"


def global_id(type_name: str, database_id: str | int) -> str:
    """Return the Relay global ID iscm-graph gives a row (base64 of "Type:id")."""
    return global_id_of(type_name, int(database_id))


def global_id_of(type_name: str, key: str | int) -> str:
    """Return the Relay global ID of a row by its key, as iscm-graph writes it."""
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


def iso_datetime(value: str | None) -> str | None:
    """Print a PostGraphile timestamp (microseconds always shown) as Python does."""
    return None if value is None else datetime.fromisoformat(value).isoformat()


def adapt_iscm_by_slug(data: Json) -> Json:
    """(a) `iscmBySlug` is our `iscm`."""
    return {"iscm": data["iscmBySlug"]}


def objective_cells(iscm: Json) -> dict[int, Json]:
    """An ISCM's objective counts (its computed column) by objective number."""
    return {count["objectiveNumber"]: count for count in nodes(iscm["gcmObjectiveCounts"])}


def adapt_catalogue_page(data: Json) -> Json:
    """(b) Members through the memberships; the computed columns under our names."""
    page = data["iscms"]
    edges = [
        {
            "node": {
                "slug": iscm["slug"],
                "acronym": iscm["acronym"],
                "name": iscm["name"],
                "kind": iscm["kind"],
                "members": [m["memberStateByStateIso3"] for m in nodes(iscm["iscmMemberships"])],
                "thematicAreas": nodes(iscm["thematicAreas"]),
                "gcmObjectives": [
                    {
                        "objective": {"number": count["objectiveNumber"]},
                        "recommendationCount": count["recommendationCount"],
                        "contributionCount": count["contributionCount"],
                    }
                    for count in nodes(iscm["gcmObjectiveCounts"])
                ],
            }
        }
        for iscm in page["nodes"]
    ]
    return {
        "iscms": {
            "totalCount": page["totalCount"],
            "pageInfo": {
                "hasNextPage": page["pageInfo"]["hasNextPage"],
                "endCursor": OpaqueCursor(page["pageInfo"]["endCursor"]),
            },
            "edges": edges,
        }
    }


def adapt_state_recommendations(data: Json) -> Json:
    """(c) Step through the memberships to the ISCMs; recommendations get our global IDs."""
    state = data["memberState"]
    if state is None:
        return {"memberState": None}
    iscms = []
    for membership in nodes(state["iscmMembershipsByStateIso3"]):
        iscm = membership["iscm"]
        edges = [
            {
                "node": {
                    "id": global_id("Recommendation", r["id"]),
                    "title": r["title"],
                    "adoptedOn": r["adoptedOn"],
                    "level": r["level"],
                }
            }
            for r in nodes(iscm["recommendations"])
        ]
        iscms.append(
            {"slug": iscm["slug"], "name": iscm["name"], "recommendations": {"edges": edges}}
        )
    return {"memberState": {"iso3": state["iso3"], "name": state["name"], "iscms": iscms}}


OBJECTIVES = range(1, 24)


def coverage_cells(iscm: Json) -> list[Json]:
    """An ISCM's 23 cells: its objective counts, zeros where none of its records is counted."""
    counts = objective_cells(iscm)
    return [
        {
            "objectiveNumber": number,
            "recommendationCount": counts.get(number, {}).get("recommendationCount", 0),
            "contributionCount": counts.get(number, {}).get("contributionCount", 0),
        }
        for number in OBJECTIVES
    ]


def coverage_row(iscm: Json, cells: list[Json]) -> Json:
    """A row of the matrix: the ISCM as `iscm`, its cells and their sums."""
    return {
        "iscm": iscm,
        "recommendationCount": sum(c["recommendationCount"] for c in cells),
        "contributionCount": sum(c["contributionCount"] for c in cells),
        "cells": cells,
    }


def adapt_gcm_coverage(data: Json) -> Json:
    """(d) Every ISCM's objective counts as 23 cells and row totals."""
    return {
        "gcmCoverage": {
            "rows": [
                coverage_row({"slug": iscm["slug"]}, coverage_cells(iscm))
                for iscm in nodes(data["iscms"])
            ]
        }
    }


def adapt_contribution_export(data: Json) -> Json:
    """(e) Our global IDs, Python's timestamp format, objectives through the link table."""
    page = data["reviewContributions"]
    edges = []
    for c in page["nodes"]:
        node = {key: value for key, value in c.items() if not key.startswith("reviewContribution")}
        node["id"] = global_id("ReviewContribution", c["id"])
        node["submittedAt"] = iso_datetime(c["submittedAt"])
        node["publishedAt"] = iso_datetime(c["publishedAt"])
        node["gcmObjectives"] = [
            link["gcmObjectiveByObjectiveNumber"]
            for link in nodes(c["reviewContributionGcmObjectivesByContributionId"])
        ]
        edges.append({"node": node})
    return {
        "reviewContributions": {
            "pageInfo": {
                "hasNextPage": page["pageInfo"]["hasNextPage"],
                "endCursor": OpaqueCursor(page["pageInfo"]["endCursor"]),
            },
            "edges": edges,
        }
    }


def adapt_iscm_page(data: Json) -> Json:
    """(f) Members through memberships; our global IDs; the profile counted from the rows."""
    iscm = data["iscmBySlug"]
    if iscm is None:
        return {"iscm": None}
    page = iscm["recommendations"]
    counts: dict[tuple[str | None, ...], Counter[str]] = {}
    for kind, rows in (
        ("recommendations", nodes(iscm["outcomes"])),
        ("contributions", nodes(iscm["reviewContributions"])),
    ):
        for row in rows:
            key = (row["level"], row["phase"], row["outcomeType"])
            counts.setdefault(key, Counter())[kind] += 1

    def by_code_unclassified_last(key: tuple[str | None, ...]) -> tuple[tuple[bool, str], ...]:
        return tuple((value is None, value or "") for value in key)

    return {
        "iscm": {
            "slug": iscm["slug"],
            "name": iscm["name"],
            "acronym": iscm["acronym"],
            "kind": iscm["kind"],
            "members": [m["memberStateByStateIso3"] for m in nodes(iscm["iscmMemberships"])],
            "recommendations": {
                "totalCount": page["totalCount"],
                "pageInfo": {
                    "hasNextPage": page["pageInfo"]["hasNextPage"],
                    "endCursor": OpaqueCursor(page["pageInfo"]["endCursor"]),
                },
                "edges": [
                    {
                        "node": {
                            "id": global_id("Recommendation", r["id"]),
                            "title": r["title"],
                            "adoptedOn": r["adoptedOn"],
                            "gcmObjectives": [
                                link["gcmObjectiveByObjectiveNumber"]
                                for link in nodes(r["recommendationGcmObjectives"])
                            ],
                        }
                    }
                    for r in nodes(page)
                ],
            },
            "governanceProfile": {
                "recommendationCount": len(nodes(iscm["outcomes"])),
                "contributionCount": len(nodes(iscm["reviewContributions"])),
                "cells": [
                    {
                        "level": level,
                        "phase": phase,
                        "outcomeType": outcome,
                        "recommendationCount": counts[(level, phase, outcome)]["recommendations"],
                        "contributionCount": counts[(level, phase, outcome)]["contributions"],
                    }
                    for level, phase, outcome in sorted(counts, key=by_code_unclassified_last)
                ],
            },
        }
    }


SEARCH_RESULTS = 20
# PostGraphile's search fields: (field, our kind, our type, the fields a result shows).
SEARCHES = (
    ("searchIscms", "ISCM", "Iscm", ("slug", "name", "acronym")),
    ("searchRecommendations", "RECOMMENDATION", "Recommendation", ("title", "adoptedOn", "iscm")),
    ("searchDocuments", "DOCUMENT", "Document", ("title", "kind", "publishedOn")),
)


def adapt_search_page(data: Json) -> Json:
    """(g) Merge the three ranked lists (rank, then kind, then id), keep the best 20.

    PostGraphile writes bigint ids as strings: they are compared as numbers."""
    hits = []
    for field, kind, type_name, shown_fields in SEARCHES:
        for node in nodes(data[field]):
            shown = {"__typename": type_name}
            if type_name != "Iscm":  # ISCMs are shown by slug, without their id
                shown["id"] = global_id(type_name, node["id"])
            shown.update({name: node[name] for name in shown_fields})
            hits.append((-node["searchRank"], kind, int(node["id"]), shown))
    hits.sort(key=lambda hit: hit[:3])
    return {"search": [hit[3] for hit in hits[:SEARCH_RESULTS]]}


def typed(type_name: str, fields: Json) -> Json:
    """An object of iscm-graph's answer, its `__typename` first."""
    return {"__typename": type_name, **fields}


def iscm_chip(iscm: Json) -> Json:
    """The atlas's IscmChip fragment of a PostGraphile ISCM."""
    return typed(
        "Iscm",
        {
            "id": global_id("Iscm", iscm["id"]),
            **{name: iscm[name] for name in ("slug", "acronym", "name", "kind", "status")},
        },
    )


def page_info(page: Json) -> Json:
    """A connection's pageInfo, PostGraphile's cursor kept opaque."""
    return typed(
        "PageInfo",
        {
            "hasNextPage": page["pageInfo"]["hasNextPage"],
            "endCursor": OpaqueCursor(page["pageInfo"]["endCursor"]),
        },
    )


def adapt_atlas_vocabularies(data: Json) -> Json:
    """(i) The vocabulary rows, typed."""
    return {
        field: [typed(type_name, term) for term in nodes(data[field])]
        for field, type_name in (
            ("governanceLevels", "GovernanceLevelTerm"),
            ("governancePhases", "GovernancePhaseTerm"),
            ("outcomeTypes", "OutcomeTypeTerm"),
        )
    }


def state_on_map(state: Json) -> Json:
    """The atlas's StateOnMap fragment of a PostGraphile State."""
    return typed(
        "MemberState",
        {"id": global_id_of("MemberState", state["iso3"]), **state},
    )


def adapt_atlas_memberships(data: Json) -> Json:
    """(k) Members and observers through the memberships; our global IDs."""
    page = data["iscms"]
    edges = []
    for iscm in nodes(page):
        node = iscm_chip(iscm)
        node.update(
            {
                "membersConfidence": iscm["membersConfidence"],
                "observersConfidence": iscm["observersConfidence"],
                "memberCount": iscm["members"]["totalCount"],
                "openTo": iscm["openTo"],
                "membersWithoutIso": iscm["membersWithoutIso"],
                "members": [
                    state_on_map(m["memberStateByStateIso3"]) for m in nodes(iscm["members"])
                ],
                "observers": [
                    state_on_map(m["memberStateByStateIso3"]) for m in nodes(iscm["observers"])
                ],
            }
        )
        edges.append(typed("IscmEdge", {"node": node}))
    return {
        "iscms": typed(
            "IscmConnection",
            {"totalCount": page["totalCount"], "pageInfo": page_info(page), "edges": edges},
        )
    }


def adapt_atlas_states(data: Json) -> Json:
    """(n) Group the UN Member and observer States (already by name) under their top-level M49
    regions, by name; a region of territories alone is listed, empty.

    Region names are ASCII, so Python's order is the database's."""
    regions: dict[str, list[Json]] = {}
    for state in nodes(data["memberStates"]):
        if state["region"] is None:
            continue
        listed = regions.setdefault(state["region"], [])
        if state["unStatus"] not in ("MEMBER", "OBSERVER"):
            continue
        listed.append(
            typed(
                "MemberState",
                {
                    "id": global_id_of("MemberState", state["iso3"]),
                    **{name: state[name] for name in ("iso3", "name", "unStatus")},
                },
            )
        )
    return {
        "regions": [
            typed("Region", {"name": name, "memberStates": regions[name]})
            for name in sorted(regions)
        ]
    }


def state_named(state: Json | None) -> Json | None:
    """A State as the atlas's Meeting fragment names its country."""
    if state is None:
        return None
    return typed("MemberState", {"id": global_id_of("MemberState", state["iso3"]), **state})


def adapt_atlas_calendar(data: Json) -> Json:
    """(m) Our global IDs; the country and ISCM through their foreign keys."""
    page = data["events"]
    edges = []
    for event in nodes(page):
        node = {
            key: value
            for key, value in event.items()
            if key not in ("memberStateByCountryIso3", "iscm")
        }
        node["id"] = global_id("Event", event["id"])
        node["country"] = state_named(event["memberStateByCountryIso3"])
        node["iscm"] = None if event["iscm"] is None else iscm_chip(event["iscm"])
        edges.append(typed("EventEdge", {"node": typed("Event", node)}))
    return {
        "events": typed(
            "EventConnection",
            {"totalCount": page["totalCount"], "pageInfo": page_info(page), "edges": edges},
        )
    }


def adapt_atlas_coverage(data: Json) -> Json:
    """(h) The basis and the objectives typed; the rows' cells with zeros, the column totals
    summed from the rows."""
    rows = []
    totals = {number: Counter[str]() for number in OBJECTIVES}
    for iscm in nodes(data["iscms"]):
        cells = coverage_cells(iscm)
        for cell in cells:
            totals[cell["objectiveNumber"]].update(
                recommendations=cell["recommendationCount"],
                contributions=cell["contributionCount"],
            )
        typed_cells = [typed("GcmCoverageCell", cell) for cell in cells]
        rows.append(typed("GcmCoverageRow", coverage_row(iscm_chip(iscm), typed_cells)))
    return {
        "gcmCoverage": typed(
            "GcmCoverage",
            {
                "basis": typed("AnalysisBasis", data["gcmCoverageBasis"]),
                "objectives": [
                    typed("GcmObjective", {"id": global_id("GcmObjective", o["number"]), **o})
                    for o in nodes(data["gcmObjectives"])
                    if o["number"] in OBJECTIVES
                ],
                "rows": rows,
                "totals": [
                    typed(
                        "GcmCoverageCell",
                        {
                            "objectiveNumber": number,
                            "recommendationCount": counts["recommendations"],
                            "contributionCount": counts["contributions"],
                        },
                    )
                    for number, counts in totals.items()
                ],
            },
        )
    }


def outcome_card(recommendation: Json) -> Json:
    """The atlas's OutcomeCard fragment of a PostGraphile recommendation."""
    node = {
        key: value
        for key, value in recommendation.items()
        if key
        not in ("classificationNote", "publicDocument", "event", "recommendationGcmObjectives")
    }
    node["id"] = global_id("Recommendation", recommendation["id"])
    kind = recommendation["classification"]
    node["classification"] = (
        None
        if kind is None
        else typed("Classification", {"kind": kind, "note": recommendation["classificationNote"]})
    )
    for field, source, type_name in (
        ("document", "publicDocument", "Document"),
        ("event", "event", "Event"),
    ):
        related = recommendation[source]
        node[field] = (
            None
            if related is None
            else typed(type_name, {**related, "id": global_id(type_name, related["id"])})
        )
    node["gcmObjectives"] = [
        typed("GcmObjective", {"id": global_id("GcmObjective", objective["number"]), **objective})
        for objective in (
            link["gcmObjectiveByObjectiveNumber"]
            for link in nodes(recommendation["recommendationGcmObjectives"])
        )
    ]
    return typed("Recommendation", node)


def contribution_card(contribution: Json) -> Json:
    """The atlas's ContributionCard fragment of a PostGraphile contribution."""
    process = contribution["reviewProcess"]
    node = {**contribution, "id": global_id("ReviewContribution", contribution["id"])}
    node["publishedAt"] = iso_datetime(contribution["publishedAt"])
    node["reviewProcess"] = typed(
        "ReviewProcess", {**process, "id": global_id("ReviewProcess", process["id"])}
    )
    return typed("ReviewContribution", node)


def adapt_atlas_cell_outcomes(data: Json) -> Json:
    """(j) The custom queries' pages as our connections, the cards in our shape."""
    page = data["recommendationsAddressing"]
    contributions = data["reviewContributionsAddressing"]
    return {
        "recommendations": typed(
            "RecommendationConnection",
            {
                "totalCount": page["totalCount"],
                "pageInfo": page_info(page),
                "edges": [
                    typed("RecommendationEdge", {"node": outcome_card(r)}) for r in nodes(page)
                ],
            },
        ),
        "reviewContributions": typed(
            "ReviewContributionConnection",
            {
                "totalCount": contributions["totalCount"],
                "edges": [
                    typed("ReviewContributionEdge", {"node": contribution_card(c)})
                    for c in nodes(contributions)
                ],
            },
        ),
    }


def adapt_atlas_iscm_index(data: Json) -> Json:
    """(l) The cards' counts from the totalCounts of the related rows."""
    page = data["iscms"]
    edges = []
    for iscm in nodes(page):
        node = iscm_chip(iscm)
        node.update(
            {
                "regions": iscm["regions"],
                "established": iscm["established"],
                "membersConfidence": iscm["membersConfidence"],
                "memberCount": iscm["memberships"]["totalCount"],
                "recommendations": typed(
                    "RecommendationConnection",
                    {"totalCount": iscm["recommendationsWithShared"]["totalCount"]},
                ),
                "events": typed(
                    "EventConnection", {"totalCount": iscm["eventsWithShared"]["totalCount"]}
                ),
            }
        )
        edges.append(typed("IscmEdge", {"node": node}))
    return {
        "iscms": typed(
            "IscmConnection",
            {"totalCount": page["totalCount"], "pageInfo": page_info(page), "edges": edges},
        )
    }


ADAPTERS: dict[str, Adapter] = {
    "iscm_by_slug": adapt_iscm_by_slug,
    "catalogue_page": adapt_catalogue_page,
    "state_recommendations": adapt_state_recommendations,
    "gcm_coverage": adapt_gcm_coverage,
    "contribution_export": adapt_contribution_export,
    "iscm_page": adapt_iscm_page,
    "search_page": adapt_search_page,
    "atlas_vocabularies": adapt_atlas_vocabularies,
    "atlas_memberships": adapt_atlas_memberships,
    "atlas_states": adapt_atlas_states,
    "atlas_calendar": adapt_atlas_calendar,
    "atlas_coverage": adapt_atlas_coverage,
    "atlas_cell_outcomes": adapt_atlas_cell_outcomes,
    "atlas_iscm_index": adapt_atlas_iscm_index,
}


def postgraphile_data(query: BenchQuery, body: Json) -> Json:
    """Map PostGraphile's answer onto iscm-graph's `data`."""
    return ADAPTERS[query.name](body["data"])


def compare(query: BenchQuery, reference: Json, entry: str, body: Json) -> str | None:
    """Return why `entry`'s response body disagrees with the limit's `reference`, or None.

    A form other than the written one is compared without `__typename` keys and alias
    prefixes on both sides (the written form checks the type names).
    """
    if not isinstance(body, dict):
        return f"{entry} answered {short(body)}"
    if body.get("errors"):
        return f"{entry} answered with errors: {short(body['errors'][0].get('message'))}"
    if "data" not in body:
        return f"{entry} answered without data"
    data = postgraphile_data(query, body) if entry == "postgraphile" else body["data"]
    if form_of(entry) != "written":
        return first_difference(normalised(reference["data"]), normalised(data))
    return first_difference(reference["data"], data)
