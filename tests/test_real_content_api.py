"""The real content through the API: every record of db/seed's documents, outcomes and meetings
with its sources, the corrections and the disputed facts, and analyses of real records that
say what they rest on."""

import json
from importlib.resources import files
from typing import Any

import pytest
from sqlalchemy import update

from db import models
from db.demo_data import insert_demo_rows
from tests.graph_support import EDITOR, data_as


def seed_file(name: str) -> Any:
    return json.loads(files("db").joinpath("seed", name).read_text(encoding="utf-8"))


DOCUMENTS = seed_file("documents.json")
OUTCOMES = seed_file("outcomes.json")
EVENTS = seed_file("events.json")
AMENDMENTS = seed_file("iscm_amendments.json")
CLASSIFICATION = {"editorial": "EDITORIAL", "as published": "AS_PUBLISHED"}


async def every_node(graphql, field: str, selection: str, size: int = 100) -> list[dict[str, Any]]:
    """Every node of a root connection, page by page."""
    query = f"""query Page($after: String) {{
      {field}(first: {size}, after: $after) {{
        pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {selection} }} }}
      }}
    }}"""
    nodes, after = [], None
    while True:
        page = (await graphql.data(query, {"after": after}))[field]
        nodes += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


def slugs(items: list[dict[str, Any]]) -> set[str]:
    return {item["slug"] for item in items}


async def test_every_document_is_served_with_its_sources_and_outcomes(graphql):
    served = {
        node["slug"]: node
        for node in await every_node(
            graphql,
            "documents",
            """slug title titleIsDescriptive alternativeTitles kind detailedKind kindNote
            adoptedOn adoptedOnNote year yearNote place url summary conflicts sources synthetic
            iscms { slug } events { slug } recommendations(first: 100) { totalCount
              edges { node { slug } } }""",
            size=25,
        )
        if node["slug"] is not None
    }
    outcomes_of: dict[str, set[str]] = {}
    for outcome in OUTCOMES:
        outcomes_of.setdefault(outcome["document"], set()).add(outcome["slug"])
    meeting_of = {doc: e["slug"] for e in EVENTS for doc in e["outcome_documents"]}

    assert set(served) == {record["slug"] for record in DOCUMENTS}
    for record in DOCUMENTS:
        node = served[record["slug"]]
        assert node["sources"] == record["sources"], record["slug"]
        assert node["sources"], record["slug"]
        assert (node["title"], node["url"], node["summary"]) == (
            record["title"],
            record["url"],
            record["summary"],
        )
        assert (node["year"], node["place"], node["adoptedOn"]) == (
            record["year"],
            record["place"],
            record["adopted_on"],
        )
        assert node["detailedKind"] == record["kind"]
        assert node["alternativeTitles"] == record.get("alt_titles", [])
        assert node["titleIsDescriptive"] == record.get("title_is_descriptive", False)
        for field, key in (
            ("kindNote", "kind_note"),
            ("adoptedOnNote", "adopted_on_note"),
            ("yearNote", "year_note"),
            ("conflicts", "conflicts"),
        ):
            assert node[field] == record.get(key), (record["slug"], field)
        assert slugs(node["iscms"]) == {record["iscm"], *record.get("also_iscms", [])}
        meeting = meeting_of.get(record["slug"])
        assert slugs(node["events"]) == ({meeting} if meeting else set())
        contained = {edge["node"]["slug"] for edge in node["recommendations"]["edges"]}
        assert contained == outcomes_of.get(record["slug"], set())
        assert node["recommendations"]["totalCount"] == len(contained)
        assert node["synthetic"] is False


async def test_every_outcome_is_served_with_its_sources_and_editorial_classification(graphql):
    served = {
        node["slug"]: node
        for node in await every_node(
            graphql,
            "recommendations",
            """slug number numberNote title titleIsDescriptive titleNote text level phase
            outcomeType linkNote conflicts sources sourceUrl synthetic
            classification { kind note } document { slug } event { slug } iscm { slug }
            iscms { slug } gcmObjectives { number } thematicAreas { slug }""",
        )
        if node["slug"] is not None
    }
    meeting_of = {doc: e["slug"] for e in EVENTS for doc in e["outcome_documents"]}

    assert set(served) == {record["slug"] for record in OUTCOMES}
    for record in OUTCOMES:
        node = served[record["slug"]]
        assert node["sources"] == record["sources"], record["slug"]
        assert node["sources"], record["slug"]
        assert node["classification"] == {
            "kind": CLASSIFICATION[record["classification"]],
            "note": record["classification_note"],
        }
        assert node["number"] == (None if record["number"] is None else str(record["number"]))
        assert node["document"] == {"slug": record["document"]}
        meeting = meeting_of.get(record["document"])
        assert node["event"] == ({"slug": meeting} if meeting else None)
        assert node["iscm"] == {"slug": record["iscm"]}
        assert slugs(node["iscms"]) == {record["iscm"], *record.get("also_iscms", [])}
        assert (node["level"], node["phase"], node["outcomeType"]) == (
            record["level"],
            record["phase"],
            record["outcome_type"],
        )
        assert [o["number"] for o in node["gcmObjectives"]] == sorted(record["gcm_objectives"])
        assert slugs(node["thematicAreas"]) == set(record["thematic_areas"])
        for field, key in (
            ("numberNote", "number_note"),
            ("titleNote", "title_note"),
            ("linkNote", "link_note"),
            ("conflicts", "conflicts"),
        ):
            assert node[field] == record.get(key), (record["slug"], field)
        assert node["titleIsDescriptive"] == record.get("title_is_descriptive", False)
        assert node["synthetic"] is False


async def test_every_meeting_is_served_with_its_sources_documents_and_iscms(graphql):
    served = {
        node["slug"]: node
        for node in await every_node(
            graphql,
            "events",
            """slug title titleIsDescriptive kind detailedKind year startsOn endsOn city
            theme notes conflicts sources synthetic country { iso3 } iscm { slug }
            iscms { slug } documents { slug }""",
        )
    }
    for record in EVENTS:
        node = served[record["slug"]]
        assert node["sources"] == record["sources"], record["slug"]
        assert node["sources"], record["slug"]
        assert node["detailedKind"] == record["kind"]
        assert (node["year"], node["endsOn"], node["city"]) == (
            record["year"],
            record["ends_on"],
            record["city"],
        )
        assert node["country"] == ({"iso3": record["country"]} if record["country"] else None)
        assert (node["notes"], node["conflicts"]) == (record.get("notes"), record.get("conflicts"))
        assert node["titleIsDescriptive"] == record.get("title_is_descriptive", False)
        assert slugs(node["iscms"]) == {record["iscm"], *record.get("also_iscms", [])}
        assert slugs(node["documents"]) == set(record["outcome_documents"])
        assert node["synthetic"] is False


SHARED = """query Shared($slug: String!) {
  iscm(slug: $slug) {
    recommendations(first: 100) { totalCount edges { node { slug } } }
    events(first: 100) { edges { node { slug } } }
  }
  recommendations(first: 100, filter: {iscm: $slug}) { totalCount }
}"""


@pytest.mark.parametrize("slug", ["rabat-process", "khartoum-process"])
async def test_an_iscms_lists_hold_the_records_it_shares(graphql, slug):
    data = await graphql.data(SHARED, {"slug": slug})
    own = {r["slug"] for r in OUTCOMES if slug in (r["iscm"], *r.get("also_iscms", []))}
    listed = {edge["node"]["slug"] for edge in data["iscm"]["recommendations"]["edges"]}
    assert listed == own
    assert data["recommendations"]["totalCount"] == len(own)
    meetings = {e["slug"] for e in EVENTS if slug in (e["iscm"], *e.get("also_iscms", []))}
    assert {edge["node"]["slug"] for edge in data["iscm"]["events"]["edges"]} == meetings


FACTS = """query Facts($slug: String!) {
  iscm(slug: $slug) {
    observersConfidence membersConfidence
    disputedFacts { slug field note state { iso3 } iscm { slug }
      claims { value note sources } }
    memberships { role since until source unverified note state { iso3 } }
    organizationMemberships { source organization { name } }
  }
}"""


async def test_disputed_facts_show_every_side_with_its_sources(graphql):
    by_iscm: dict[str, list[dict[str, Any]]] = {}
    for fact in AMENDMENTS["disputed_facts"]:
        by_iscm.setdefault(fact["iscm"], []).append(fact)
    assert by_iscm
    for slug, facts in by_iscm.items():
        served = {
            fact["slug"]: fact
            for fact in (await graphql.data(FACTS, {"slug": slug}))["iscm"]["disputedFacts"]
        }
        assert set(served) == {fact["slug"] for fact in facts}
        for fact in facts:
            node = served[fact["slug"]]
            assert node["field"] == fact["field"].upper()
            assert node["note"] == fact["note"]
            assert node["iscm"] == {"slug": slug}
            assert node["state"] == ({"iso3": fact["state"]} if fact.get("state") else None)
            assert node["claims"] == [
                {"value": c["value"], "note": c.get("note"), "sources": c["sources"]}
                for c in fact["claims"]
            ]
            assert all(claim["sources"] for claim in node["claims"])


async def test_corrections_the_sources_agree_on_are_served(graphql):
    budapest = (await graphql.data(FACTS, {"slug": "budapest-process"}))["iscm"]
    memberships = {m["state"]["iso3"]: m for m in budapest["memberships"]}
    afghanistan = memberships["AFG"]
    assert (afghanistan["role"], afghanistan["until"]) == ("MEMBER", 2021)
    assert afghanistan["source"]
    assert "August 2021" in afghanistan["note"]
    assert memberships["BGD"]["unverified"]
    assert memberships["BGD"]["note"]
    assert not memberships["DEU"]["unverified"]
    assert budapest["observersConfidence"] == "PARTIAL"

    khartoum = (await graphql.data(FACTS, {"slug": "khartoum-process"}))["iscm"]
    assert khartoum["membersConfidence"] == "PARTIAL"

    abu_dhabi = (await graphql.data(FACTS, {"slug": "abu-dhabi-dialogue"}))["iscm"]
    sources = {m["organization"]["name"]: m["source"] for m in abu_dhabi["organizationMemberships"]}
    cited = next(a["source"] for a in AMENDMENTS["observer_organizations"])
    assert sources["European Union"] == cited
    assert sources["International Organization for Migration (IOM)"] is None


ANALYSES = """query Analyses($synthetic: Boolean!) {
  gcmCoverage(includeSynthetic: $synthetic) {
    basis { includesSynthetic iscmCount iscmsWithRecords recommendationCount
      contributionCount editorialCount asPublishedCount unclassifiedCount syntheticCount }
    totals { objectiveNumber recommendationCount contributionCount }
    rows { iscm { slug } recommendationCount cells { recommendationCount contributionCount } }
  }
  iscms(first: 100) { edges { node { slug
    gcmObjectives(includeSynthetic: $synthetic) { objective { number }
      recommendationCount contributionCount }
    governanceProfile(includeSynthetic: $synthetic) {
      recommendationCount contributionCount
      cells { level phase outcomeType recommendationCount contributionCount }
      basis { iscmCount iscmsWithRecords recommendationCount editorialCount
        asPublishedCount unclassifiedCount syntheticCount includesSynthetic }
    }
  } } }
}"""


async def test_analyses_of_a_fresh_install_count_the_real_outcomes_and_say_so(graphql):
    data = await graphql.data(ANALYSES, {"synthetic": False})
    coverage = data["gcmCoverage"]
    with_outcomes = {r["iscm"] for r in OUTCOMES} | {
        slug for r in OUTCOMES for slug in r.get("also_iscms", [])
    }
    addressing = {
        slug
        for r in OUTCOMES
        if r["gcm_objectives"]
        for slug in (r["iscm"], *r.get("also_iscms", []))
    }
    assert coverage["basis"] == {
        "includesSynthetic": False,
        "iscmCount": 34,
        "iscmsWithRecords": len(with_outcomes),
        "recommendationCount": len(OUTCOMES),
        "contributionCount": 0,
        "editorialCount": len(OUTCOMES),
        "asPublishedCount": 0,
        "unclassifiedCount": 0,
        "syntheticCount": 0,
    }
    assert {r["iscm"]["slug"] for r in coverage["rows"] if r["recommendationCount"]} == addressing
    assert sum(t["recommendationCount"] for t in coverage["totals"]) == sum(
        len(r["gcm_objectives"]) * (1 + len(r.get("also_iscms", []))) for r in OUTCOMES
    )
    for edge in data["iscms"]["edges"]:
        node = edge["node"]
        profile = node["governanceProfile"]
        own = [r for r in OUTCOMES if node["slug"] in (r["iscm"], *r.get("also_iscms", []))]
        assert profile["recommendationCount"] == len(own), node["slug"]
        assert profile["basis"] == {
            "iscmCount": 1,
            "iscmsWithRecords": 1 if own else 0,
            "recommendationCount": len(own),
            "editorialCount": len(own),
            "asPublishedCount": 0,
            "unclassifiedCount": 0,
            "syntheticCount": 0,
            "includesSynthetic": False,
        }
        objectives = {n for r in own for n in r["gcm_objectives"]}
        assert {o["objective"]["number"] for o in node["gcmObjectives"]} == objectives


async def test_analyses_are_the_same_with_the_demo_and_count_it_only_when_asked(graphql, session):
    # given the analyses of a fresh install
    fresh = await graphql.data(ANALYSES, {"synthetic": False})

    # when the demo data is added
    await insert_demo_rows(session)
    await session.flush()
    after_demo = await graphql.data(ANALYSES, {"synthetic": False})
    asked = await graphql.data(ANALYSES, {"synthetic": True})

    # then the default analyses have not moved
    assert after_demo == fresh
    # and asking for synthetic records counts them, and says so
    basis = asked["gcmCoverage"]["basis"]
    assert basis["includesSynthetic"] is True
    assert basis["syntheticCount"] > 0
    assert (
        basis["recommendationCount"] + basis["contributionCount"]
        > (fresh["gcmCoverage"]["basis"]["recommendationCount"])
    )
    assert asked["gcmCoverage"]["totals"] != fresh["gcmCoverage"]["totals"]


async def test_an_unpublished_outcome_leaves_the_public_lists_and_counts(
    graphql, session, session_factory
):
    # given one real outcome taken back to a draft
    record = OUTCOMES[0]
    before = await graphql.data(ANALYSES, {"synthetic": False})
    await session.execute(
        update(models.Recommendation)
        .where(models.Recommendation.slug == record["slug"])
        .values(status="DRAFT")
    )
    await session.flush()
    query = """query Of($slug: String!, $document: String!) {
      iscm(slug: $slug) { recommendations(first: 100) { edges { node { slug } } } }
      documents(first: 100, filter: {iscm: $slug}) { edges { node { slug
        recommendations(first: 100) { edges { node { slug } } } } } }
      search(query: $document, first: 100) { ... on Recommendation { slug } }
    }"""
    variables = {"slug": record["iscm"], "document": record["title"]}

    # when anonymous and an editor look
    public = await graphql.data(query, variables)
    editor = await data_as(session_factory, query, variables, principal=EDITOR)
    after = await graphql.data(ANALYSES, {"synthetic": False})

    # then only the editor sees it, and the public counts no longer include it
    def listed(data: dict[str, Any]) -> set[str]:
        found = {e["node"]["slug"] for e in data["iscm"]["recommendations"]["edges"]}
        for document in data["documents"]["edges"]:
            found |= {e["node"]["slug"] for e in document["node"]["recommendations"]["edges"]}
        return found | {hit.get("slug") for hit in data["search"]}

    assert record["slug"] not in listed(public)
    assert record["slug"] in listed(editor)
    assert (
        after["gcmCoverage"]["basis"]["recommendationCount"]
        == before["gcmCoverage"]["basis"]["recommendationCount"] - 1
    )


async def test_the_analyses_and_the_new_fields_read_in_one_statement(graphql, statements):
    statements.reset()
    await graphql.data(ANALYSES, {"synthetic": False})
    await graphql.data(FACTS, {"slug": "budapest-process"})
    selects = [s for s in statements.statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 2


@pytest.mark.parametrize("slug", ["rabat-process", "bali-process"])
async def test_a_cell_of_the_matrix_counts_what_its_lists_hold_with_the_demo_data(
    graphql, session, slug
):
    # given the demo data besides the real content
    await insert_demo_rows(session)
    await session.flush()
    matrix = await graphql.data(
        """query Row($slug: String!) { gcmCoverage(filter: {iscms: [$slug]}) {
          rows { cells { objectiveNumber recommendationCount contributionCount } } } }""",
        {"slug": slug},
    )
    [row] = matrix["gcmCoverage"]["rows"]

    # when each cell's outcomes are listed as the atlas lists them (real records only)
    listed = {}
    for numbers in (range(1, 13), range(13, 24)):
        fields = " ".join(
            f"""r{n}: recommendations(filter: {{iscm: $slug, gcmObjective: {n}, synthetic: false}})
                {{ totalCount }}
              c{n}: reviewContributions(filter: {{iscm: $slug, gcmObjective: {n}, synthetic: false}})
                {{ totalCount }}"""
            for n in numbers
        )
        data = await graphql.data(f"query Lists($slug: String!) {{ {fields} }}", {"slug": slug})
        for n in numbers:
            listed[n] = [data[f"r{n}"]["totalCount"], data[f"c{n}"]["totalCount"]]

    # then every cell counts exactly what its lists hold
    assert {
        cell["objectiveNumber"]: [cell["recommendationCount"], cell["contributionCount"]]
        for cell in row["cells"]
    } == listed
    assert any(counts[0] for counts in listed.values())
