"""GraphQL types of UN data (observations, sources, ISCM summaries) and the fields that serve them."""

from datetime import datetime
from enum import Enum
from typing import Annotated, Any, Self

import strawberry

from connectors import SOURCES
from db.queries.catalogue import member_codes
from db.queries.reference import series_codes
from resolvers import indicators
from resolvers.context import Context
from resolvers.indicator_cache import CachedObservation
from resolvers.indicators import IndicatorSummary as Summary
from resolvers.indicators import NamedIndicator
from schema.read_path.declare import Argument, external, signature
from schema.references import STATE_OF_OBSERVATIONS

FAILURES_HELP = "When its source is down, see `Observation` for what is returned."
YEARS_HELP = "`from`/`to` bound the years (inclusive); `from` may not be after `to`."

FromYear = Annotated[
    int | None, strawberry.argument(name="from", description="First year (inclusive).")
]
ToYear = Annotated[int | None, strawberry.argument(description="Last year (inclusive).")]


@strawberry.enum(description="A UN (or UN-partner) statistics source the graph reads through.")
class IndicatorSource(Enum):
    SDG = strawberry.enum_value(
        "SDG", description="UN SDG Global Database (UN Statistics Division): series codes."
    )
    UNPD = strawberry.enum_value(
        "UNPD",
        description="UN Population Division Data Portal (World Population Prospects): numeric indicator ids. Needs a token on the server, else SOURCE_NOT_CONFIGURED.",
    )
    UNHCR = strawberry.enum_value(
        "UNHCR",
        description="UNHCR Refugee Population Statistics: codes such as `refugees_hosted` or `asylum_seekers_originating`.",
    )
    WORLDBANK = strawberry.enum_value(
        "WORLDBANK",
        description="World Bank World Development Indicators: ids such as `SM.POP.TOTL`.",
    )


@strawberry.type(description="Who publishes a series, under which licence, and how to cite it.")
class IndicatorSourceInfo:
    key: IndicatorSource = strawberry.field(description="The source.")
    name: str = strawberry.field(description="The source's name.")
    licence: str = strawberry.field(description="The licence or terms of use of its data.")
    citation: str = strawberry.field(description="How to cite it.")
    url: str = strawberry.field(description="Where its data is published.")

    @classmethod
    def of(cls, key: str) -> Self:
        """Build the credit of a source key."""
        info = SOURCES[key]
        return cls(
            key=IndicatorSource(key),
            name=info.name,
            licence=info.licence,
            citation=info.citation,
            url=info.url,
        )


@strawberry.type(description="One dimension of an observation, e.g. `Sex` = `BOTHSEX`.")
class ObservationDimension:
    key: str = strawberry.field(description="Dimension name, as the source names it.")
    value: str = strawberry.field(description="Dimension value, as the source codes it.")


@strawberry.type(
    description=(
        "One value of a UN series for one State and year, served from the graph's cache and "
        "refreshed from its source once older than the source's time to live. When the source "
        "cannot be reached, cached values are returned with `stale: true` and the response "
        "carries an error at the field's path with `extensions.code` UPSTREAM_UNAVAILABLE and "
        "`extensions.source`; with nothing cached the field is null with the same error, and the "
        "rest of the query is unaffected. A source this server has no credentials for (UNPD "
        "without a token) gives the error SOURCE_NOT_CONFIGURED in the same way."
    )
)
class Observation:
    source: IndicatorSourceInfo = strawberry.field(description="Where the value comes from.")
    code: str = strawberry.field(description="The series code at its source.")
    name: str = strawberry.field(description="The series name at its source.")
    iso3: str = strawberry.field(description="ISO 3166-1 alpha-3 code of the State.")
    year: int = strawberry.field(description="The year (first year of a period).")
    value: float | None = strawberry.field(
        description="The value as a number; null when the source gave a note instead (see `rawValue`)."
    )
    raw_value: str | None = strawberry.field(
        description="The value exactly as the source wrote it."
    )
    unit: str | None = strawberry.field(description="Unit, when the source states one.")
    dimensions: list[ObservationDimension] = strawberry.field(
        description="The slice this value belongs to (sex, age, counterpart State, ...); empty for totals."
    )
    footnotes: list[str] = strawberry.field(description="The source's footnotes on this value.")
    fetched_at: datetime = strawberry.field(
        description="When the graph fetched it from the source."
    )
    stale: bool = strawberry.field(
        description="True when the value is older than the cache's time to live and could not be refreshed."
    )
    synthetic: bool = strawberry.field(
        description="True for generated test or benchmark data, never for a source's value."
    )

    @classmethod
    def of(cls, observation: CachedObservation) -> Self:
        """Build the type from a cached observation."""
        return cls(
            source=IndicatorSourceInfo.of(observation.source),
            code=observation.code,
            name=observation.name or observation.code,
            iso3=observation.iso3,
            year=observation.year,
            value=observation.value,
            raw_value=observation.raw_value,
            unit=observation.unit,
            dimensions=[
                ObservationDimension(key=key, value=str(value))
                for key, value in sorted(observation.dimensions.items())
            ],
            footnotes=list(observation.footnotes),
            fetched_at=observation.fetched_at,
            stale=observation.stale,
            synthetic=observation.synthetic,
        )


def observations_of(rows: list[CachedObservation] | None) -> list[Observation] | None:
    """Return the GraphQL observations, keeping null as null."""
    return None if rows is None else [Observation.of(row) for row in rows]


@strawberry.type(
    description="One series aggregated over the member States of an ISCM for one year."
)
class IndicatorSummary:
    source: IndicatorSourceInfo = strawberry.field(description="Where the values come from.")
    code: str = strawberry.field(description="The series code at its source.")
    year: int | None = strawberry.field(
        description="The year summarised; null when no member has data."
    )
    members: int = strawberry.field(description="How many member States the ISCM lists.")
    members_with_data: int = strawberry.field(
        description="How many of them have a numeric value for `year`."
    )
    coverage: float | None = strawberry.field(
        description="`membersWithData / members`; null for a mechanism without listed members."
    )
    sum: float | None = strawberry.field(description="Sum of the members' values for `year`.")
    mean: float | None = strawberry.field(description="Mean of the members' values for `year`.")
    stale: bool = strawberry.field(
        description="True when some values are older than the cache's time to live and could not be refreshed."
    )

    @classmethod
    def of(cls, summary: Summary) -> Self:
        """Build the type from the resolvers' summary."""
        return cls(
            source=IndicatorSourceInfo.of(summary.source),
            code=summary.code,
            year=summary.year,
            members=summary.members,
            members_with_data=summary.members_with_data,
            coverage=summary.coverage,
            sum=summary.sum,
            mean=summary.mean,
            stale=summary.stale,
        )


# Fields of other modules' types (MemberState, Iscm, SdgTarget), resolved after the statement
# from what it reads of each parent row (schema/read_path/declare.py's `external`).

Arguments = dict[str, Any]
SOURCE = Annotated[IndicatorSource, strawberry.argument(description="The source.")]


def optional(annotation: Any) -> tuple[Any, None]:
    """An optional argument: its annotation and its default."""
    return annotation, None


async def state_indicators(
    context: Context, iso3: str, arguments: Arguments, path: tuple[str | int, ...]
) -> list[Observation] | None:
    rows = await indicators.state_indicators(
        context,
        path,
        iso3,
        arguments["source"],
        arguments["codes"],
        arguments.get("from"),
        arguments.get("to"),
    )
    return observations_of(rows)


# The fields below are typed Any, as strawberry.field() itself is: in a class body each stands
# as the default of an attribute annotated with the field's Python type.
state_indicators_field: Any = strawberry.field(
    resolver=signature(
        source=SOURCE,
        codes=Annotated[
            list[str], strawberry.argument(description="Series codes at that source (at most 20).")
        ],
        from_=optional(FromYear),
        to=optional(ToYear),
    ),
    description=(
        "Any series of a UN source for this State, by code and year. Null only when every "
        f"code failed with nothing cached. {YEARS_HELP} {FAILURES_HELP}"
    ),
    metadata=external(lambda state, _: state.c.iso3, state_indicators),
)


def named_indicator_field(indicator: NamedIndicator, what: str) -> Any:
    """Return a MemberState field serving one named series: the latest value, or `from`..`to`."""

    async def resolve(
        context: Context, iso3: str, arguments: Arguments, path: tuple[str | int, ...]
    ) -> list[Observation] | None:
        rows = await indicators.named_indicator(
            context, path, iso3, indicator, arguments.get("from"), arguments.get("to")
        )
        return observations_of(rows)

    return strawberry.field(
        resolver=signature(from_=optional(FromYear), to=optional(ToYear)),
        description=(
            f"{what} Without `from`/`to`, a list holding only the latest observation (empty "
            f"when the source has none); with them, every year in the range. {YEARS_HELP} "
            f"{FAILURES_HELP}"
        ),
        metadata=external(lambda state, _: state.c.iso3, resolve),
    )


migrant_stock_field = named_indicator_field(
    indicators.MIGRANT_STOCK,
    "International migrant stock (persons): UN DESA's estimates as published by the World Bank "
    "(WORLDBANK `SM.POP.TOTL`).",
)
refugees_hosted_field = named_indicator_field(
    indicators.REFUGEES_HOSTED,
    "Refugees under UNHCR's mandate hosted by this State (UNHCR `refugees_hosted`).",
)
refugees_originating_field = named_indicator_field(
    indicators.REFUGEES_ORIGINATING,
    "Refugees under UNHCR's mandate originating from this State (UNHCR `refugees_originating`).",
)
remittances_received_field = named_indicator_field(
    indicators.REMITTANCES_RECEIVED,
    "Personal remittances received, current US$ (WORLDBANK `BX.TRF.PWKR.CD.DT`).",
)
remittance_cost_percent_field = named_indicator_field(
    indicators.REMITTANCE_COST_PERCENT,
    "Remittance costs as a proportion of the amount remitted, % (SDG indicator 10.c.1, "
    "series `SI_RMT_COST`).",
)


async def iscm_indicator_summary(
    context: Context, members: list[str], arguments: Arguments, path: tuple[str | int, ...]
) -> IndicatorSummary | None:
    summary = await indicators.iscm_summary(
        context, path, members, arguments["source"], arguments["code"], arguments.get("year")
    )
    return IndicatorSummary.of(summary) if summary is not None else None


iscm_indicator_summary_field: Any = strawberry.field(
    resolver=signature(
        source=SOURCE,
        code=Annotated[str, strawberry.argument(description="Series code at that source.")],
        year=optional(
            Annotated[
                int | None,
                strawberry.argument(
                    description="The year; by default the year most members have data for (the latest of equals)."
                ),
            ]
        ),
    ),
    description=(
        "One series summed and averaged over the member States (observers excluded), with the "
        f"share of members that have data. {FAILURES_HELP}"
    ),
    metadata=external(lambda iscm, _: member_codes(iscm), iscm_indicator_summary),
)


async def sdg_observations(
    context: Context, series: list[str], arguments: Arguments, path: tuple[str | int, ...]
) -> list[Observation] | None:
    rows = await indicators.sdg_target_observations(context, path, series, arguments["memberState"])
    return observations_of(rows)


sdg_observations_field: Any = strawberry.field(
    resolver=signature(
        member_state=Annotated[
            str, strawberry.argument(description="ISO 3166-1 alpha-3 code of the State.")
        ]
    ),
    description=(
        "One State's values of the SDG Global Database series measuring this indicator (for a "
        f"target: its indicators' series), by series and year. {FAILURES_HELP}"
    ),
    metadata=external(
        lambda target, _: series_codes(target),
        sdg_observations,
        arguments={
            "memberState": Argument(
                check=indicators.canonical_iso3,
                reference=STATE_OF_OBSERVATIONS,
            )
        },
    ),
)
