"""Client for the World Bank Indicators API v2, one indicator per call, ISO3 in the path."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Any, ClassVar, Unpack

from connectors.errors import UpstreamRejected
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
from connectors.models import WORLDBANK_INFO, Observation, SourceInfo, StateRef
from connectors.parsing import in_years, parse_value, parse_year

logger = logging.getLogger(__name__)

WORLDBANK_BASE_URL = "https://api.worldbank.org/v2"
FIRST_WDI_YEAR = 1960
# Indicator ids are dotted words; anything else could break out of the URL path.
_INDICATOR_CODE = re.compile(r"[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*")
_ANNUAL = re.compile(r"\d{4}")

Row = dict[str, Any]


class WorldBankClient(SourceClient):
    """World Bank WDI: States joined on countryiso3code, aggregates ignored."""

    info: ClassVar[SourceInfo] = WORLDBANK_INFO
    default_base_url: ClassVar[str] = WORLDBANK_BASE_URL

    def __init__(
        self,
        base_url: str = WORLDBANK_BASE_URL,
        *,
        page_size: int = 1000,
        **options: Unpack[ClientOptions],
    ) -> None:
        """Configure the per_page size."""
        super().__init__(base_url, **options)
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.page_size = page_size

    async def fetch(
        self,
        codes: list[str],
        states: list[StateRef],
        start_year: int | None = None,
        end_year: int | None = None,
    ) -> list[Observation]:
        """Return indicator values for `states`, one paged call per indicator."""
        check_years(start_year, end_year)
        indicators = [check_code(code, _INDICATOR_CODE, self.source) for code in codes]
        wanted = unique_states(states)
        if not indicators or not wanted:
            return []
        jobs = [
            self._fetch_indicator(code, chunk, start_year, end_year)
            for code in dict.fromkeys(indicators)
            for chunk in chunked(wanted, MAX_STATES_PER_REQUEST)
        ]
        return await self.gather_observations(jobs)

    def _date_param(self, start_year: int | None, end_year: int | None) -> list[tuple[str, str]]:
        """Return the date range; mrv/mrnev are avoided (server errors on newer series)."""
        if start_year is None and end_year is None:
            return []
        start = start_year if start_year is not None else FIRST_WDI_YEAR
        end = end_year if end_year is not None else datetime.now(UTC).year
        return [("date", f"{start}:{end}")]

    async def _fetch_indicator(
        self, code: str, states: list[StateRef], start_year: int | None, end_year: int | None
    ) -> list[Observation]:
        """Page through one indicator for a batch of countries (PHL;MEX;DEU)."""
        url = self.url(f"/country/{';'.join(state.iso3 for state in states)}/indicator/{code}")
        # format=json always: the default is XML.
        base_params = [
            ("format", "json"),
            *self._date_param(start_year, end_year),
            ("per_page", str(self.page_size)),
        ]
        rows: list[Row] = []
        page = 1
        while True:
            response = await self.get_json(url, params=[*base_params, ("page", str(page))])
            meta, page_rows = self._read_page(code, response.body)
            rows.extend(page_rows)
            pages = as_int(meta.get("pages")) or 0
            if page >= pages:
                break
            page += 1
            if page > MAX_PAGES:
                raise self.bad_shape(f"more than {MAX_PAGES} pages for {code}")
        return self._observations(code, rows, states, start_year, end_year)

    def _read_page(self, code: str, body: Any) -> tuple[dict[str, Any], list[Row]]:
        """Return (meta, rows) of a [meta, rows] page; raise on the HTTP-200 error envelope."""
        if not isinstance(body, list) or not body or not isinstance(body[0], dict):
            raise self.bad_shape("not a [meta, rows] array")
        head = body[0]
        if "message" in head:
            raise self._rejection(code, head["message"])
        if len(body) != 2:
            raise self.bad_shape("not a [meta, rows] array")
        rows = body[1]
        if rows is None:
            return head, []  # "no data" is [meta, null], not [meta, []]
        if not isinstance(rows, list):
            raise self.bad_shape("rows are not an array")
        return head, [row for row in rows if isinstance(row, dict)]

    def _rejection(self, code: str, messages: Any) -> UpstreamRejected:
        """Return the typed error for [{"message": [{"id", "key", "value"}]}]."""
        first = messages[0] if isinstance(messages, list) and messages else {}
        if not isinstance(first, dict):
            first = {}
        error_id = str(first.get("id") or "unknown")
        text = str(first.get("value") or first.get("key") or "no message")
        return UpstreamRejected(
            self.source, f"indicator {code}: error {error_id}: {text}", error_id
        )

    def _observations(
        self,
        code: str,
        rows: list[Row],
        states: list[StateRef],
        start_year: int | None,
        end_year: int | None,
    ) -> list[Observation]:
        """Turn rows into observations; aggregates and blank countryiso3code rows are dropped."""
        wanted = {state.iso3 for state in states}
        observations: list[Observation] = []
        for row in rows:
            iso = row.get("countryiso3code")
            if not isinstance(iso, str) or iso.strip().upper() not in wanted:
                continue
            date = row.get("date")
            year = parse_year(date)
            value, raw = parse_value(row.get("value"))
            if year is None or raw is None or not in_years(year, start_year, end_year):
                continue
            indicator = row.get("indicator")
            if not isinstance(indicator, dict):
                indicator = {}
            unit = row.get("unit")
            dimensions = {}
            if isinstance(date, str) and not _ANNUAL.fullmatch(date.strip()):
                dimensions["period"] = date  # quarterly or monthly series, e.g. 2023Q1
            observations.append(
                Observation(
                    source=self.source,
                    code=code,
                    name=str(indicator.get("value") or code),
                    iso3=iso.strip().upper(),
                    year=year,
                    value=value,
                    raw_value=raw,
                    unit=str(unit) if isinstance(unit, str) and unit.strip() else None,
                    dimensions=dimensions,
                )
            )
        return observations
