"""Query logic for UN data: argument checks, per-field errors, latest values, ISCM summaries."""

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from connectors import UNHCR_CODES
from resolvers.arguments import year as checked_year
from resolvers.context import Context
from resolvers.errors import ApiError, ErrorCode
from resolvers.indicator_cache import CachedObservation, CachedSeries, IndicatorRequest

MAX_CODES = 20

# What a code of each source looks like; anything else never reaches a URL.
CODE_FORMATS: dict[str, re.Pattern[str]] = {
    "SDG": re.compile(r"[A-Z0-9_]{2,64}"),
    "UNPD": re.compile(r"\d{1,6}"),
    "UNHCR": re.compile("|".join(re.escape(code) for code in UNHCR_CODES)),
    "WORLDBANK": re.compile(r"[A-Z0-9_]{1,20}(\.[A-Z0-9_]{1,20}){0,6}"),
}
CODE_EXAMPLES = {
    "SDG": "a series code such as SI_RMT_COST",
    "UNPD": "a numeric indicator id such as 65",
    "UNHCR": f"one of {', '.join(UNHCR_CODES)}",
    "WORLDBANK": "an indicator id such as SM.POP.TOTL",
}


@dataclass(frozen=True)
class NamedIndicator:
    """A series the graph serves under its own field name."""

    source: str
    code: str


MIGRANT_STOCK = NamedIndicator("WORLDBANK", "SM.POP.TOTL")
REFUGEES_HOSTED = NamedIndicator("UNHCR", "refugees_hosted")
REFUGEES_ORIGINATING = NamedIndicator("UNHCR", "refugees_originating")
REMITTANCES_RECEIVED = NamedIndicator("WORLDBANK", "BX.TRF.PWKR.CD.DT")
REMITTANCE_COST_PERCENT = NamedIndicator("SDG", "SI_RMT_COST")
NAMED_INDICATORS = (
    MIGRANT_STOCK,
    REFUGEES_HOSTED,
    REFUGEES_ORIGINATING,
    REMITTANCES_RECEIVED,
    REMITTANCE_COST_PERCENT,
)


@dataclass(frozen=True)
class IndicatorSummary:
    """One series aggregated over an ISCM's members for one year."""

    source: str
    code: str
    year: int | None
    members: int
    members_with_data: int
    sum: float | None
    mean: float | None
    stale: bool

    @property
    def coverage(self) -> float | None:
        """Members with data divided by members (None for a mechanism without listed members)."""
        return self.members_with_data / self.members if self.members else None


def bad_input(message: str, argument: str) -> ApiError:
    """Return the BAD_USER_INPUT error for one argument."""
    return ApiError(ErrorCode.BAD_USER_INPUT, message, argument=argument)


def check_years(start: int | None, end: int | None) -> None:
    """Raise BAD_USER_INPUT for years out of range or a reversed range."""
    checked_year(start, "from")
    checked_year(end, "to")
    if start is not None and end is not None and start > end:
        raise bad_input(f"`from` ({start}) is after `to` ({end})", "from")


def canonical_code(source: str, code: str) -> str:
    """Return a code in the form its source uses, or raise BAD_USER_INPUT."""
    text = code.strip()
    canonical = text if source == "UNHCR" else text.upper()
    if not CODE_FORMATS[source].fullmatch(canonical):
        raise bad_input(
            f"{code!r} is not a {source} code: expected {CODE_EXAMPLES[source]}", "codes"
        )
    return canonical


def canonical_codes(source: str, codes: Sequence[str]) -> list[str]:
    """Return the codes checked, canonical and without repeats, or raise BAD_USER_INPUT."""
    if not codes:
        raise bad_input("`codes` must name at least one series", "codes")
    if len(codes) > MAX_CODES:
        raise bad_input(f"`codes` takes at most {MAX_CODES} series per field", "codes")
    return list(dict.fromkeys(canonical_code(source, code) for code in codes))


def canonical_iso3(iso3: str, argument: str) -> str:
    """Return an ISO alpha-3 code upper-cased, or raise BAD_USER_INPUT."""
    code = iso3.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise bad_input(f"`{argument}` must be an ISO 3166-1 alpha-3 code such as PHL", argument)
    return code


def indicators_of(context: Context) -> IndicatorRequest:
    """Return the request's UN data front, or fail the field when the app has none."""
    if context.indicators is None:
        raise ApiError(ErrorCode.UPSTREAM_UNAVAILABLE, "UN data is not enabled on this server")
    return context.indicators


def report(context: Context, info: Any, series: Iterable[CachedSeries]) -> None:
    """Attach one error per distinct failure of `series` to the field `info` resolves."""
    for item in series:
        if item.failure is not None:
            failure = item.failure
            context.add_field_warning(
                info, failure.code, failure.message, series=item.key[1], **failure.details
            )


def in_years(observation: CachedObservation, start: int | None, end: int | None) -> bool:
    """Whether an observation falls within the optional bounds."""
    return (start is None or observation.year >= start) and (end is None or observation.year <= end)


def latest(observations: Sequence[CachedObservation]) -> CachedObservation | None:
    """Return the most recent observation, preferring a number and the undimensioned slice."""
    if not observations:
        return None
    return max(
        observations,
        key=lambda o: (o.value is not None, o.year, o.dimensions_key == "", o.dimensions_key),
    )


def in_order(observations: Iterable[CachedObservation]) -> list[CachedObservation]:
    """Sort observations by code, year and slice."""
    return sorted(observations, key=lambda o: (o.source, o.code, o.iso3, o.year, o.dimensions_key))


async def load_series(
    context: Context, info: Any, keys: Sequence[tuple[str, str, str]]
) -> list[CachedSeries]:
    """Load series through the request's DataLoader and report their failures on the field."""
    series = await indicators_of(context).series.load_many(list(keys))
    report(context, info, series)
    return series


async def state_indicators(
    context: Context,
    info: Any,
    iso3: str,
    source: str,
    codes: Sequence[str],
    start: int | None,
    end: int | None,
) -> list[CachedObservation] | None:
    """Return a State's observations of `codes`; None when every code failed with nothing cached."""
    check_years(start, end)
    wanted = canonical_codes(source, codes)
    series = await load_series(context, info, [(source, code, iso3) for code in wanted])
    if all(item.failure is not None and item.cold for item in series):
        return None
    return in_order(o for item in series for o in item.observations if in_years(o, start, end))


async def named_indicator(
    context: Context,
    info: Any,
    iso3: str,
    indicator: NamedIndicator,
    start: int | None,
    end: int | None,
) -> list[CachedObservation] | None:
    """Return the latest observation of a named series, or every year within `from`/`to`."""
    check_years(start, end)
    (series,) = await load_series(context, info, [(indicator.source, indicator.code, iso3)])
    if series.failure is not None and series.cold:
        return None
    observations = [o for o in series.observations if in_years(o, start, end)]
    if start is None and end is None:
        newest = latest(observations)
        return [newest] if newest is not None else []
    return in_order(observations)


async def iscm_summary(
    context: Context,
    info: Any,
    iscm_id: int,
    source: str,
    code: str,
    year: int | None,
) -> IndicatorSummary | None:
    """Aggregate one series over an ISCM's members for `year` (default: the best-covered year)."""
    checked_year(year, "year")
    canonical = canonical_code(source, code)
    memberships = await context.loaders.memberships_by_iscm.load(iscm_id)
    members = sorted({row.iso3 for row in memberships if row.role == "MEMBER"})
    series = await load_series(context, info, [(source, canonical, iso3) for iso3 in members])
    if series and all(item.failure is not None and item.cold for item in series):
        return None
    by_year: dict[int, dict[str, Any]] = defaultdict(dict)
    for item in series:
        per_year: dict[int, list[CachedObservation]] = defaultdict(list)
        for observation in item.observations:
            if observation.value is not None:
                per_year[observation.year].append(observation)
        for observed_year, candidates in per_year.items():
            # One value per member and year: the undimensioned slice when there is one.
            chosen = min(candidates, key=lambda o: (o.dimensions_key != "", o.dimensions_key))
            by_year[observed_year][chosen.iso3] = chosen.value
    if year is None and by_year:
        year = max(by_year, key=lambda y: (len(by_year[y]), y))
    values = list(by_year.get(year, {}).values()) if year is not None else []
    return IndicatorSummary(
        source=source,
        code=canonical,
        year=year,
        members=len(members),
        members_with_data=len(values),
        sum=sum(values) if values else None,
        mean=sum(values) / len(values) if values else None,
        stale=any(item.stale for item in series),
    )


async def sdg_target_series_codes(context: Context, target_code: str) -> list[str]:
    """Return the SDG series codes measuring an indicator, or a target's indicators."""
    loaders = context.graph_loaders
    children = await loaders.sdg_children_by_code.load(target_code)
    codes = [target_code, *(row.code for row in children)]
    groups = await loaders.sdg_series_by_code.load_many(codes)
    return list(dict.fromkeys(row.code for rows in groups for row in rows))


async def sdg_target_observations(
    context: Context, info: Any, target_code: str, state_iso3: str
) -> list[CachedObservation] | None:
    """Return a State's observations of every SDG series measuring a target or indicator."""
    iso3 = canonical_iso3(state_iso3, "memberState")
    if await context.loaders.state_by_iso3.load(iso3) is None:
        raise ApiError(ErrorCode.NOT_FOUND, f"no State with ISO3 {iso3}", argument="memberState")
    codes = await sdg_target_series_codes(context, target_code)
    if not codes:
        return []
    series = await load_series(context, info, [("SDG", code, iso3) for code in codes])
    if all(item.failure is not None and item.cold for item in series):
        return None
    return in_order(o for item in series for o in item.observations)
