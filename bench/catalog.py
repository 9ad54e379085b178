"""The fixed query mix: each query as iscm-graph, PostGraphile and hand-written SQL files,
and the entries a run measures: the three servers, iscm-graph in each form (bench/forms.py).

The atlas's questions (`atlas_*`) take their iscm-graph document from the atlas itself
(service/static/atlas/queries, completed with its fragments as the service allow-lists them),
so a change to the page's queries is measured without a copy here. Their client form is what
the atlas sends: the document's hash alone, with the atlas's variables.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from bench.forms import FORMS, aliased_form, client_form

if TYPE_CHECKING:
    from service.atlas import AtlasDocument

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
OPERATION_NAME = re.compile(r"^\s*query\s+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)


@dataclass(frozen=True)
class BenchQuery:
    """One query of the mix, kept as three files under bench/queries/."""

    name: str
    label: str
    kind: str
    description: str
    # The atlas operation this question is, and the variables the atlas sends with it.
    atlas: str | None = None
    variables: dict[str, Any] = field(default_factory=dict)
    # Why a server has no form of this question (instead of a faked one), by server.
    no_form: dict[str, str] = field(default_factory=dict)

    def _read(self, suffix: str) -> str:
        return (QUERIES_DIR / f"{self.name}{suffix}").read_text(encoding="utf-8")

    @cached_property
    def graphql(self) -> str:
        """The iscm-graph operation (its answer is the reference shape)."""
        if self.atlas is not None:
            return self.atlas_document.text
        return self._read(".graphql")

    @cached_property
    def atlas_document(self) -> "AtlasDocument":
        """The atlas's document of this question, as the service allow-lists it."""
        from service.atlas import documents  # noqa: PLC0415 - the API only when asked

        return next(d for d in documents() if d.operation_name == self.atlas)

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
        if self.atlas is not None:
            return self.atlas
        found = OPERATION_NAME.search(self.graphql)
        if found is None:
            raise ValueError(f"{self.name}.graphql has no named query operation")
        return found.group(1)

    def form(self, form: str) -> tuple[str, dict[str, Any]]:
        """The iscm-graph document of one form (bench/forms.py), and its variables."""
        if form == "written":
            return self.graphql, dict(self.variables)
        if form == "aliased":
            return aliased_form(self.graphql), dict(self.variables)
        if self.atlas is not None:  # the atlas's documents are client-shaped already
            return self.graphql, dict(self.variables)
        from schema import schema  # noqa: PLC0415 - the harness imports the API only here

        return client_form(schema._schema, self.graphql)

    def body(self, form: str) -> bytes:
        """The POST body iscm-graph receives for one form; the atlas's client form sends the
        hash of its allow-listed document instead of the text, as the page does."""
        document, variables = self.form(form)
        if self.atlas is not None and form == "client":
            return orjson.dumps(
                {
                    "operationName": self.operation_name,
                    "variables": variables,
                    "extensions": {
                        "persistedQuery": {"version": 1, "sha256Hash": self.atlas_document.sha256}
                    },
                }
            )
        return request_body(document, self.operation_name, variables)

    @property
    def title(self) -> str:
        """How reports name the query, e.g. "(a) iscm_by_slug"."""
        return f"({self.label}) {self.name}"


# UN figures are not in PostGraphile's database schema: they come from the UN sources,
# through iscm-graph's cache.
NO_UN_FIGURES = (
    "PostGraphile serves tables only: the UN figures this page shows come from the UN"
    " sources through iscm-graph's cache, which has no PostGraphile counterpart"
)
NO_UN_LIMIT = (
    "no hand-written statement: the UN figures resolve after the statement, from the"
    " indicator cache with its freshness rules (README: UN data), which one SQL statement"
    " does not reproduce; and the benchmark database caches no series of these pages (its"
    " synthetic observations are SDG series), so an offline iscm-graph answers them with"
    " cache-miss errors. Their views are timed in the browser (python -m bench.atlas)"
)
# The atlas's first view is the coverage heatmap with the vocabularies; the other views follow.
ATLAS_QUERIES = (
    BenchQuery(
        "atlas_coverage",
        "h",
        "matrix",
        "atlas first view: the coverage heatmap, every ISCM by the 23 objectives, with totals",
        atlas="AtlasCoverage",
    ),
    BenchQuery(
        "atlas_vocabularies",
        "i",
        "small",
        "atlas first view: the governance levels, phases and outcome types",
        atlas="AtlasVocabularies",
    ),
    BenchQuery(
        "atlas_cell_outcomes",
        "j",
        "nested",
        "atlas: the outcomes behind one heatmap cell (Bali Process, objective 9)",
        atlas="AtlasCellOutcomes",
        variables={"iscm": "bali-process", "objective": 9},
    ),
    BenchQuery(
        "atlas_memberships",
        "k",
        "nested",
        "atlas: the first page of 50 ISCMs with their members and observers for the map",
        atlas="AtlasMemberships",
        variables={"first": 50},
    ),
    BenchQuery(
        "atlas_iscm_index",
        "l",
        "nested",
        "atlas: the first page of 50 ISCM cards with their counts",
        atlas="AtlasIscmIndex",
        variables={"first": 50},
    ),
    BenchQuery(
        "atlas_calendar",
        "m",
        "nested",
        "atlas: the first page of 100 meetings of the calendar",
        atlas="AtlasCalendar",
        variables={"first": 100},
    ),
    BenchQuery(
        "atlas_states",
        "n",
        "nested",
        "atlas: the State picker, the UN Member and observer States by M49 region",
        atlas="AtlasStates",
    ),
    BenchQuery(
        "atlas_iscm",
        "o",
        "deep",
        "atlas: one ISCM's page with its members' latest UN figures (Bali Process)",
        atlas="AtlasIscm",
        variables={"slug": "bali-process"},
        no_form={"postgraphile": NO_UN_FIGURES, "limit": NO_UN_LIMIT},
    ),
    BenchQuery(
        "atlas_state",
        "p",
        "deep",
        "atlas: one State's page with its UN series since 1990 (the Philippines)",
        atlas="AtlasState",
        variables={"iso3": "PHL", "from": 1990, "to": datetime.now(UTC).year},
        no_form={"postgraphile": NO_UN_FIGURES, "limit": NO_UN_LIMIT},
    ),
)
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
    *ATLAS_QUERIES,
    BenchQuery(
        "gateway_entities",
        "q",
        "small",
        "a gateway's `_entities` call: ten ISCMs by slug (one unknown), a few fields each",
        no_form={
            "postgraphile": (
                "PostGraphile v4 is no Apollo Federation subgraph: its schema has no `_entities`"
            )
        },
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
