"""Client for the UN SDG Global Database API (UNSD), Series/Data by M49 area codes."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Unpack

from connectors.http import (
    MAX_PAGES,
    MAX_STATES_PER_REQUEST,
    ClientOptions,
    SourceClient,
    as_int,
    check_code,
    check_years,
    chunked,
    unique_states,
)
from connectors.models import SDG_INFO, Observation, SourceInfo, StateRef, normalise_m49
from connectors.parsing import (
    clean_dimensions,
    clean_footnotes,
    in_years,
    parse_value,
    parse_year,
    pick_preferred,
)

logger = logging.getLogger(__name__)

SDG_BASE_URL = "https://unstats.un.org/sdgs/UNSDGAPIV5"
_SERIES_CODE = re.compile(r"[A-Za-z0-9_.]{1,64}")

# The totals slice per dimension, in the order they are applied; the second
# "Reporting Type" entry keeps national figures when no global (G) one exists.
SDG_TOTAL_SLICE: tuple[tuple[str, frozenset[str]], ...] = (
    ("Reporting Type", frozenset({"G"})),
    ("Reporting Type", frozenset({"N"})),
    ("Sex", frozenset({"BOTHSEX", "_T"})),
    ("Age", frozenset({"ALLAGE", "_T"})),
    ("Location", frozenset({"ALLAREA", "_T"})),
    ("Policy Domains", frozenset({"_T"})),
)
# Codes that mean "all of them" in dimensions the table above does not name.
GENERIC_TOTAL_CODES = frozenset({"_T", "_Z", "ALL", "TOTAL", "ALLAGE", "BOTHSEX", "ALLAREA"})

Row = dict[str, Any]


def _has_value(name: str, accepted: frozenset[str]) -> Callable[[Row], bool]:
    """Return a predicate: the row's dimension `name` is one of `accepted`."""
    return lambda row: clean_dimensions(row.get("dimensions")).get(name) in accepted


def _of_row(prefers: Callable[[Row], bool]) -> Callable[[tuple[StateRef, int, Row]], bool]:
    """Apply a row predicate to a (state, year, row) triple."""
    return lambda item: prefers(item[2])


def totals_preferences(rows: list[Row]) -> list[Callable[[Row], bool]]:
    """Return the slice preferences for the dimensions present in `rows`."""
    known = {name for name, _ in SDG_TOTAL_SLICE}
    present = sorted(
        {name for row in rows for name in clean_dimensions(row.get("dimensions"))} - known
    )
    return [_has_value(name, codes) for name, codes in SDG_TOTAL_SLICE] + [
        _has_value(name, GENERIC_TOTAL_CODES) for name in present
    ]


class SdgClient(SourceClient):
    """SDG Global Database: one request sequence per series for all areas at once."""

    info: ClassVar[SourceInfo] = SDG_INFO
    default_base_url: ClassVar[str] = SDG_BASE_URL

    def __init__(
        self,
        base_url: str = SDG_BASE_URL,
        *,
        page_size: int = 1000,
        totals_only: bool = True,
        **options: Unpack[ClientOptions],
    ) -> None:
        """Configure the page size and whether to keep only the totals slice."""
        super().__init__(base_url, **options)
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.page_size = page_size
        self.totals_only = totals_only

    async def fetch(
        self,
        codes: list[str],
        states: list[StateRef],
        start_year: int | None = None,
        end_year: int | None = None,
    ) -> list[Observation]:
        """Return SDG series values for `states`, one paged request sequence per series."""
        check_years(start_year, end_year)
        series = [check_code(code, _SERIES_CODE, self.source) for code in codes]
        wanted = unique_states(states)
        if not series or not wanted:
            return []
        jobs = [
            self._fetch_series(code, chunk, start_year, end_year)
            for code in dict.fromkeys(series)
            for chunk in chunked(wanted, MAX_STATES_PER_REQUEST)
        ]
        return await self.gather_observations(jobs)

    def _time_params(self, start_year: int | None, end_year: int | None) -> list[tuple[str, str]]:
        """Return the year filter: listed years for a closed range, else open bounds."""
        if start_year is not None and end_year is not None:
            return [("timePeriod", str(year)) for year in range(start_year, end_year + 1)]
        if start_year is not None:
            return [("timePeriodStart", str(start_year))]
        if end_year is not None:
            return [("timePeriodEnd", str(end_year))]
        return []

    async def _fetch_series(
        self, code: str, states: list[StateRef], start_year: int | None, end_year: int | None
    ) -> list[Observation]:
        """Page through Series/Data for one series and a batch of areas."""
        # areaCode repeats (collectionFormat=multi); M49 is sent without leading zeros.
        base_params = [
            ("seriesCode", code),
            *[("areaCode", str(state.m49)) for state in states],
            *self._time_params(start_year, end_year),
            ("pageSize", str(self.page_size)),
        ]
        url = self.url("/v1/sdg/Series/Data")
        rows: list[Row] = []
        page = 1
        while True:
            response = await self.get_json(url, params=[*base_params, ("page", str(page))])
            body = response.body
            if not isinstance(body, dict) or not isinstance(body.get("data"), list):
                raise self.bad_shape("Series/Data is not a page object with a data list")
            page_rows = [row for row in body["data"] if isinstance(row, dict)]
            rows.extend(page_rows)
            total_pages = as_int(body.get("totalPages"))
            number = as_int(body.get("pageNumber")) or page
            if not page_rows:
                break
            if total_pages is not None:
                if number >= total_pages:
                    break
            elif len(page_rows) < self.page_size:
                # UNSD may omit totalPages; `size` only echoes pageSize, so a short
                # page is then the end marker.
                break
            page += 1
            if page > MAX_PAGES:
                raise self.bad_shape(f"more than {MAX_PAGES} pages for series {code}")
        return self._observations(code, rows, states, start_year, end_year)

    def _observations(
        self,
        code: str,
        rows: list[Row],
        states: list[StateRef],
        start_year: int | None,
        end_year: int | None,
    ) -> list[Observation]:
        """Turn Series/Data rows into observations, keeping the totals slice."""
        by_m49: Mapping[int, StateRef] = {state.m49: state for state in states}
        located: list[tuple[StateRef, int, Row]] = []
        for row in rows:
            area = row.get("geoAreaCode")
            try:
                m49 = normalise_m49(area) if isinstance(area, str | int) else None
            except ValueError:
                m49 = None
            if m49 is None:
                continue
            state = by_m49.get(m49)
            year = parse_year(row.get("timePeriodStart"))
            if state is None or year is None or not in_years(year, start_year, end_year):
                continue
            located.append((state, year, row))
        if self.totals_only and located:
            preferences = totals_preferences([row for _, _, row in located])
            located = pick_preferred(
                located,
                group_key=lambda item: (item[0].iso3, item[1], item[2].get("series")),
                preferences=[_of_row(prefers) for prefers in preferences],
            )
        observations: list[Observation] = []
        for state, year, row in located:
            value, raw = parse_value(row.get("value"))
            if raw is None:
                continue
            attributes = row.get("attributes")
            if not isinstance(attributes, dict):
                attributes = {}
            unit = attributes.get("Units")
            observations.append(
                Observation(
                    source=self.source,
                    code=str(row.get("series") or code),
                    name=str(row.get("seriesDescription") or code),
                    iso3=state.iso3,
                    year=year,
                    value=value,
                    raw_value=raw,
                    unit=str(unit) if unit else None,
                    dimensions=clean_dimensions(row.get("dimensions")),
                    footnotes=clean_footnotes(row.get("footnotes")),
                )
            )
        return observations
