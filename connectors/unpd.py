"""Client for the UN Population Division Data Portal API (World Population Prospects)."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any, ClassVar, Unpack

import httpx

from connectors.errors import SourceNotConfigured, UpstreamBadResponse, UpstreamError
from connectors.http import (
    MAX_PAGES,
    MAX_STATES_PER_REQUEST,
    ClientOptions,
    JsonResponse,
    SourceClient,
    as_int,
    check_code,
    check_years,
    chunked,
    unique_states,
)
from connectors.models import UNPD_INFO, Observation, SourceInfo, StateRef
from connectors.parsing import in_years, parse_value, parse_year, pick_preferred

logger = logging.getLogger(__name__)

UNPD_BASE_URL = "https://population.un.org/dataportalapi/api/v1"
MEDIAN_VARIANT = 4
BOTH_SEXES = 3
FIRST_WPP_YEAR = 1950
_INDICATOR_ID = re.compile(r"\d{1,6}")
_DISPLAY_UNIT = re.compile(r"\(([^()]+)\)\s*$")

Row = dict[str, Any]


def display_unit(display_name: Any) -> str | None:
    """Return the unit in brackets at the end of a display name, e.g. 'per 1,000 population'."""
    if not isinstance(display_name, str):
        return None
    match = _DISPLAY_UNIT.search(display_name)
    return match.group(1).strip() if match else None


class UnpdClient(SourceClient):
    """UN Population Division Data Portal: needs a bearer token for data endpoints."""

    info: ClassVar[SourceInfo] = UNPD_INFO
    default_base_url: ClassVar[str] = UNPD_BASE_URL

    def __init__(
        self,
        base_url: str = UNPD_BASE_URL,
        *,
        token: str | None = None,
        page_size: int = 500,
        variant_id: int = MEDIAN_VARIANT,
        paging_in_header: bool = False,
        **options: Unpack[ClientOptions],
    ) -> None:
        """Configure the token, page size, projection variant and paging style."""
        super().__init__(base_url, **options)
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self._token = token.strip() if token and token.strip() else None
        self.page_size = page_size
        self.variant_id = variant_id
        self.paging_in_header = paging_in_header

    @property
    def is_configured(self) -> bool:
        """Return whether a token is set, without revealing it."""
        return self._token is not None

    async def fetch(
        self,
        codes: list[str],
        states: list[StateRef],
        start_year: int | None = None,
        end_year: int | None = None,
    ) -> list[Observation]:
        """Return indicator values for `states`, one paged sequence per indicator id."""
        check_years(start_year, end_year)
        if self._token is None:
            raise SourceNotConfigured(
                self.source, "no Data Portal bearer token is configured; data endpoints need one"
            )
        indicators = [check_code(code, _INDICATOR_ID, self.source) for code in codes]
        wanted = unique_states(states)
        if not indicators or not wanted:
            return []
        # The path form needs both bounds; WPP estimates start in 1950.
        start = start_year if start_year is not None else FIRST_WPP_YEAR
        end = end_year if end_year is not None else datetime.now(UTC).year
        jobs = [
            self._fetch_indicator(code, chunk, start, end)
            for code in dict.fromkeys(indicators)
            for chunk in chunked(wanted, MAX_STATES_PER_REQUEST)
        ]
        return await self.gather_observations(jobs)

    def _client_error(self, response: httpx.Response) -> UpstreamError:
        """Report a refused token as a configuration problem, not an outage."""
        if response.status_code == 401:
            return SourceNotConfigured(
                self.source, "the Data Portal refused the configured bearer token (HTTP 401)"
            )
        return super()._client_error(response)

    def rebase(self, link: str) -> httpx.URL:
        """Return a nextPage link moved onto the configured base URL, query kept verbatim."""
        base = httpx.URL(self.base_url)
        try:
            target = base.join(link)
        except httpx.InvalidURL:
            raise self.bad_shape("nextPage is not a URL") from None
        path = target.path
        for prefix in (httpx.URL(UNPD_BASE_URL).path, base.path):
            stem = prefix.rstrip("/")
            if stem and (path == stem or path.startswith(stem + "/")):
                path = base.path.rstrip("/") + path[len(stem) :]
                break
        # The bearer token must only ever go to the host we were configured with.
        return target.copy_with(scheme=base.scheme, host=base.host, port=base.port, path=path)

    async def _fetch_indicator(
        self, code: str, states: list[StateRef], start: int, end: int
    ) -> list[Observation]:
        """Follow nextPage links for one indicator and a batch of locations."""
        locations = ",".join(str(state.m49) for state in states)
        url = self.url(f"/data/indicators/{code}/locations/{locations}/start/{start}/end/{end}")
        params: list[tuple[str, str]] | None = [
            ("pageNumber", "1"),
            ("pageSize", str(self.page_size)),
            ("pagingInHeader", "true" if self.paging_in_header else "false"),
            ("format", "json"),
        ]
        auth = {"Authorization": f"Bearer {self._token}"}
        rows: list[Row] = []
        total: int | None = None
        visited: set[str] = set()
        while True:
            response = await self.get_json(url, params=params, headers=auth)
            page_rows, next_link, page_total = self._read_page(response)
            rows.extend(page_rows)
            total = page_total if page_total is not None else total
            if not next_link:
                break
            visited.add(str(response.url))
            url, params = self.rebase(next_link), None
            if str(url) in visited or len(visited) >= MAX_PAGES:
                raise self.bad_shape("nextPage links do not come to an end")
        if total is not None and len(rows) != total:
            raise UpstreamBadResponse(
                self.source, f"paging returned {len(rows)} records where the total is {total}"
            )
        return self._observations(code, rows, states, start, end)

    def _read_page(self, response: JsonResponse) -> tuple[list[Row], str | None, int | None]:
        """Return (rows, next link, total) from an envelope page or a header-paged bare array."""
        body = response.body
        if isinstance(body, dict):
            data = body.get("data")
            if not isinstance(data, list):
                raise self.bad_shape("data page without a data list")
            link = body.get("nextPage")
            return (
                [row for row in data if isinstance(row, dict)],
                link if isinstance(link, str) and link else None,
                as_int(body.get("total")),
            )
        if isinstance(body, list):
            paging = self._header_paging(response.headers.get("X-Pagination"))
            link = paging.get("NextPage")
            return (
                [row for row in body if isinstance(row, dict)],
                link if isinstance(link, str) and link else None,
                as_int(paging.get("TotalCount")),
            )
        raise self.bad_shape("data answer is neither a page object nor an array")

    def _header_paging(self, header: str | None) -> dict[str, Any]:
        """Return the X-Pagination header as a dict ({} when absent)."""
        if header is None:
            return {}
        try:
            paging = json.loads(header)
        except ValueError:
            raise self.bad_shape("X-Pagination header is not JSON") from None
        if not isinstance(paging, dict):
            raise self.bad_shape("X-Pagination header is not an object")
        return paging

    def _observations(
        self, code: str, rows: list[Row], states: list[StateRef], start: int, end: int
    ) -> list[Observation]:
        """Turn data records into observations for one variant, both sexes and all ages."""
        by_m49 = {state.m49: state for state in states}
        located: list[tuple[StateRef, Row]] = []
        for row in rows:
            state = by_m49.get(as_int(row.get("locationId")) or 0)
            # One answer holds every variant/sex/age combination; keep the configured variant.
            if state is None or as_int(row.get("variantId")) not in (None, self.variant_id):
                continue
            located.append((state, row))
        located = pick_preferred(
            located,
            group_key=lambda item: (item[0].iso3, item[1].get("timeLabel")),
            preferences=[
                lambda item: as_int(item[1].get("sexId")) == BOTH_SEXES,
                lambda item: item[1].get("ageLabel") == "Total",
            ],
        )
        observations: list[Observation] = []
        for state, row in located:
            label = row.get("timeLabel")
            year = parse_year(label)
            value, raw = parse_value(row.get("value"))
            if year is None or raw is None or not in_years(year, start, end):
                continue
            dimensions = {
                key: str(row[field])
                for key, field in (("variant", "variant"), ("sex", "sex"), ("age", "ageLabel"))
                if row.get(field) is not None
            }
            if isinstance(label, str) and not label.strip().isdigit():
                dimensions["period"] = label  # a range such as "2020-2025"
            observations.append(
                Observation(
                    source=self.source,
                    code=code,
                    name=str(row.get("indicator") or row.get("indicatorDisplayName") or code),
                    iso3=state.iso3,
                    year=year,
                    value=value,
                    raw_value=raw,
                    unit=display_unit(row.get("indicatorDisplayName")),
                    dimensions=dimensions,
                )
            )
        return observations
