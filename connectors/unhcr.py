"""Client for the UNHCR Refugee Statistics API, which speaks its own country codes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Unpack

import httpx

from connectors.http import (
    MAX_PAGES,
    MAX_STATES_PER_REQUEST,
    ClientOptions,
    SourceClient,
    as_int,
    check_years,
    chunked,
    unique_states,
)
from connectors.models import UNHCR_INFO, Observation, SourceInfo, StateRef
from connectors.parsing import in_years, parse_value, parse_year

logger = logging.getLogger(__name__)

UNHCR_BASE_URL = "https://api.unhcr.org/population/v1"
COUNTRIES_LIMIT = 300
NOT_APPLICABLE = "-"

Direction = Literal["hosted", "originating"]
Row = dict[str, Any]

MEASURES: dict[str, str] = {
    "refugees": "Refugees under UNHCR's mandate",
    "asylum_seekers": "Asylum-seekers",
    "idps": "Internally displaced persons of concern to UNHCR",
    "stateless": "Stateless persons",
}


@dataclass(frozen=True, slots=True)
class _Side:
    """How one direction filters (coa/coo) and joins (*_iso) the population rows."""

    param: str
    join: str
    counterpart_param: str
    counterpart_join: str
    label: str
    counterpart_dimension: str


SIDES: dict[Direction, _Side] = {
    "hosted": _Side("coa", "coa_iso", "coo", "coo_iso", "by country of asylum", "origin_iso3"),
    "originating": _Side("coo", "coo_iso", "coa", "coa_iso", "by country of origin", "asylum_iso3"),
}
UNHCR_CODES: tuple[str, ...] = tuple(f"{measure}_{way}" for measure in MEASURES for way in SIDES)


def split_code(code: str) -> tuple[str, Direction]:
    """Return (measure, direction) of a code such as 'refugees_hosted', or raise ValueError."""
    text = code.strip()
    for way in SIDES:
        measure = text.removesuffix(f"_{way}")
        if measure != text and measure in MEASURES:
            return measure, way
    raise ValueError(f"UNHCR: {code!r} is not one of {', '.join(UNHCR_CODES)}")


def _iso(row: Row, key: str) -> str | None:
    """Return an ISO3 join key, or None for '-', blanks and non-strings."""
    value = row.get(key)
    if not isinstance(value, str):
        return None
    text = value.strip().upper()
    return text if text and text != NOT_APPLICABLE else None


class UnhcrClient(SourceClient):
    """UNHCR population statistics by country of asylum (hosted) or origin (originating)."""

    info: ClassVar[SourceInfo] = UNHCR_INFO
    default_base_url: ClassVar[str] = UNHCR_BASE_URL
    codes: ClassVar[tuple[str, ...]] = UNHCR_CODES

    def __init__(
        self,
        base_url: str = UNHCR_BASE_URL,
        *,
        page_size: int = 1000,
        **options: Unpack[ClientOptions],
    ) -> None:
        """Configure the `limit` sent with every request."""
        super().__init__(base_url, **options)
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.page_size = page_size
        self._crosswalk: dict[str, str] | None = None
        self._crosswalk_lock = asyncio.Lock()

    async def crosswalk(self) -> dict[str, str]:
        """Return ISO3 -> UNHCR code from the countries/ endpoint, fetched once and cached."""
        if self._crosswalk is None:
            async with self._crosswalk_lock:
                if self._crosswalk is None:
                    rows = await self._paginate(self.url("/countries/"), [], COUNTRIES_LIMIT)
                    mapping: dict[str, str] = {}
                    for row in rows:
                        iso, code = _iso(row, "iso"), row.get("code")
                        if iso and isinstance(code, str) and code.strip() not in {"", "-"}:
                            mapping.setdefault(iso, code.strip().upper())
                    if not mapping:
                        raise self.bad_shape("countries/ gave no ISO3 to UNHCR code pairs")
                    self._crosswalk = mapping
        return self._crosswalk

    async def fetch(
        self,
        codes: list[str],
        states: list[StateRef],
        start_year: int | None = None,
        end_year: int | None = None,
        *,
        counterparts: list[StateRef] | None = None,
    ) -> list[Observation]:
        """Return measures for `states`; with `counterparts`, per corridor instead of totals."""
        check_years(start_year, end_year)
        wanted_codes = [split_code(code) for code in codes]
        wanted = unique_states(states)
        if not wanted_codes or not wanted:
            return []
        crosswalk = await self.crosswalk()
        resolved = self._resolve(wanted, crosswalk)
        others = self._resolve(unique_states(counterparts), crosswalk) if counterparts else None
        if not resolved or others == []:
            return []
        measures: dict[Direction, list[str]] = {}
        for measure, way in wanted_codes:
            measures.setdefault(way, [])
            if measure not in measures[way]:
                measures[way].append(measure)
        # Every measure of a direction comes in the same rows: one sequence per direction.
        jobs = [
            self._fetch_direction(way, names, chunk, others, start_year, end_year)
            for way, names in measures.items()
            for chunk in chunked(resolved, MAX_STATES_PER_REQUEST)
        ]
        return await self.gather_observations(jobs)

    def _resolve(self, states: list[StateRef], crosswalk: dict[str, str]) -> list[StateRef]:
        """Return the States UNHCR has a code for; ISO3 is never sent in its place."""
        missing = [state.iso3 for state in states if state.iso3 not in crosswalk]
        if missing:
            logger.warning("UNHCR: no UNHCR country code for %s; skipped", ", ".join(missing))
        return [state for state in states if state.iso3 in crosswalk]

    def _year_params(self, start_year: int | None, end_year: int | None) -> list[tuple[str, str]]:
        """Return year, or yearFrom/yearTo, for the requested bounds."""
        if start_year is not None and start_year == end_year:
            return [("year", str(start_year))]
        params = []
        if start_year is not None:
            params.append(("yearFrom", str(start_year)))
        if end_year is not None:
            params.append(("yearTo", str(end_year)))
        return params

    async def _paginate(
        self, url: httpx.URL, params: Sequence[tuple[str, str]], limit: int
    ) -> list[Row]:
        """Return the items of every page, always sending `limit` (the default is tiny)."""
        rows: list[Row] = []
        page = 1
        while True:
            response = await self.get_json(
                url, params=[*params, ("limit", str(limit)), ("page", str(page))]
            )
            body = response.body
            if not isinstance(body, dict) or not isinstance(body.get("items"), list):
                raise self.bad_shape("page without an items list")
            items = [item for item in body["items"] if isinstance(item, dict)]
            rows.extend(items)
            max_pages = as_int(body.get("maxPages"))
            if not items:
                break
            if max_pages is not None:
                if page >= max_pages:
                    break
            elif len(items) < limit:
                break  # maxPages is optional; a short page is the last one
            page += 1
            if page > MAX_PAGES:
                raise self.bad_shape(f"more than {MAX_PAGES} pages")
        return rows

    async def _fetch_direction(
        self,
        way: Direction,
        measures: list[str],
        states: list[StateRef],
        counterparts: list[StateRef] | None,
        start_year: int | None,
        end_year: int | None,
    ) -> list[Observation]:
        """Fetch population rows filtered on one side and turn them into observations."""
        crosswalk = await self.crosswalk()
        side = SIDES[way]
        # coo/coa take UNHCR codes (GFR, not DEU); the *_all flags would override them.
        params = [
            *self._year_params(start_year, end_year),
            (side.param, ",".join(crosswalk[state.iso3] for state in states)),
        ]
        if counterparts:
            codes = ",".join(crosswalk[state.iso3] for state in counterparts)
            params.append((side.counterpart_param, codes))
        rows = await self._paginate(self.url("/population/"), params, self.page_size)
        wanted = {state.iso3 for state in states}
        allowed = {state.iso3 for state in counterparts} if counterparts else None
        groups: dict[tuple[str, int, str | None], list[Row]] = {}
        for row in rows:
            # Join on *_iso only: coo/coa hold UNHCR codes, and ARE means Egypt there.
            iso, year = _iso(row, side.join), parse_year(row.get("year"))
            if iso is None or iso not in wanted or year is None:
                continue
            if not in_years(year, start_year, end_year):
                continue
            other = _iso(row, side.counterpart_join) if allowed is not None else None
            if allowed is not None and other not in allowed:
                continue
            groups.setdefault((iso, year, other), []).append(row)
        observations: list[Observation] = []
        for (iso, year, other), group in groups.items():
            chosen = group if other is not None else self._totals(group, side)
            for measure in measures:
                observation = self._one(measure, way, iso, year, chosen, other)
                if observation is not None:
                    observations.append(observation)
        return observations

    def _totals(self, group: list[Row], side: _Side) -> list[Row]:
        """Return the rows that make the State total: a '-' counterpart row if any, else all."""
        totals = [row for row in group if _iso(row, side.counterpart_join) is None]
        return totals or group

    def _one(
        self,
        measure: str,
        way: Direction,
        iso: str,
        year: int,
        rows: list[Row],
        counterpart: str | None,
    ) -> Observation | None:
        """Return the observation of one measure from one row, or from the sum of several."""
        parsed = [parse_value(row.get(measure)) for row in rows]
        if len(parsed) == 1:
            value, raw = parsed[0]
        else:
            # Rows broken down by counterpart add up to the State's figure.
            numbers = [number for number, _ in parsed if number is not None]
            value = sum(numbers) if numbers else None
            raw = _format_number(value) if value is not None else None
        if raw is None:
            return None
        side = SIDES[way]
        return Observation(
            source=self.source,
            code=f"{measure}_{way}",
            name=f"{MEASURES[measure]}, {side.label}",
            iso3=iso,
            year=year,
            value=value,
            raw_value=raw,
            unit="persons",
            dimensions={side.counterpart_dimension: counterpart} if counterpart else {},
        )


def _format_number(value: float) -> str:
    """Return a sum as text the way UNHCR writes counts (no exponent, no '.0')."""
    return str(int(value)) if value.is_integer() else repr(value)
