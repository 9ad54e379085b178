"""The fixed query mix: each query as iscm-graph, PostGraphile and hand-written SQL files,
and the entries a run measures: the three servers, iscm-graph in each form (bench/forms.py)."""

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import orjson

from bench.forms import FORMS, aliased_form, client_form

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
OPERATION_NAME = re.compile(r"^\s*query\s+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)


@dataclass(frozen=True)
class BenchQuery:
    """One query of the mix, kept as three files under bench/queries/."""

    name: str
    label: str
    kind: str
    description: str

    def _read(self, suffix: str) -> str:
        return (QUERIES_DIR / f"{self.name}{suffix}").read_text(encoding="utf-8")

    @cached_property
    def graphql(self) -> str:
        """The iscm-graph operation (its answer is the reference shape)."""
        return self._read(".graphql")

    @cached_property
    def postgraphile(self) -> str:
        """The same question in PostGraphile's schema."""
        return self._read(".postgraphile.graphql")

    @cached_property
    def sql(self) -> str:
        """The limit's one statement: the whole `{"data": …}` response as JSON text."""
        return self._read(".sql")

    @cached_property
    def operation_name(self) -> str:
        """The operation name of the iscm-graph document."""
        found = OPERATION_NAME.search(self.graphql)
        if found is None:
            raise ValueError(f"{self.name}.graphql has no named query operation")
        return found.group(1)

    def form(self, form: str) -> tuple[str, dict[str, Any]]:
        """The iscm-graph document of one form (bench/forms.py), and its variables."""
        if form == "written":
            return self.graphql, {}
        if form == "aliased":
            return aliased_form(self.graphql), {}
        from schema import schema  # noqa: PLC0415 - the harness imports the API only here

        return client_form(schema._schema, self.graphql)

    @property
    def title(self) -> str:
        """How reports name the query, e.g. "(a) iscm_by_slug"."""
        return f"({self.label}) {self.name}"


QUERIES = (
    BenchQuery("iscm_by_slug", "a", "small", "one ISCM by slug, a few fields"),
    BenchQuery(
        "catalogue_page",
        "b",
        "nested",
        "catalogue page: 50 ISCMs with members, thematic areas and GCM objective counts",
    ),
    BenchQuery(
        "state_recommendations",
        "c",
        "deep",
        "one State with its ISCMs and the latest 20 recommendations of each",
    ),
    BenchQuery(
        "gcm_coverage", "d", "matrix", "the GCM coverage matrix: every ISCM by the 23 objectives"
    ),
    BenchQuery(
        "contribution_export",
        "e",
        "wide",
        "export page: 100 review contributions with their GCM objectives",
    ),
    BenchQuery(
        "iscm_page",
        "f",
        "nested",
        "ISCM page: members, 20 recommendations with their objectives, the governance profile",
    ),
    BenchQuery(
        "search_page",
        "g",
        "nested",
        "search results page: the 20 best matches across ISCMs, recommendations and documents",
    ),
)
NESTED_KINDS = ("nested", "deep", "wide")
OURS = "iscm-graph"
# What a run measures: the limit, PostGraphile, and iscm-graph in each form.
ENTRIES = ("limit", "postgraphile", OURS, *(f"{OURS} {form}" for form in FORMS[1:]))


def server_of(entry: str) -> str:
    """The server an entry runs on."""
    return entry.split(" ", 1)[0]


def form_of(entry: str) -> str:
    """The form an entry sends ("written" unless it names another)."""
    return entry.split(" ", 1)[1] if " " in entry else "written"


def by_name(name: str) -> BenchQuery:
    """Return the query called `name`."""
    for query in QUERIES:
        if query.name == name:
            return query
    raise KeyError(name)


def request_body(
    document: str, operation_name: str, variables: dict[str, Any] | None = None
) -> bytes:
    """Return the JSON POST body a server receives for one operation."""
    return orjson.dumps(
        {"query": document, "operationName": operation_name, "variables": variables or {}}
    )
