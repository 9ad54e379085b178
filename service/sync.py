"""`iscm-graph sync`: fill the UN data cache ahead of time, with a progress bar and a summary."""

import sys
from dataclasses import dataclass, field
from enum import Enum
from typing import Annotated

import typer

from connectors import StateRef
from db.queries import indicators as queries
from db.session import create_engine, create_session_factory
from resolvers.errors import ApiError
from resolvers.indicator_cache import SyncTally, sync_series
from resolvers.indicators import NAMED_INDICATORS, canonical_code, canonical_iso3
from service.database import DatabaseUrls, prepare
from service.indicators import indicator_service
from service.settings import Settings

# Series fetched when no --codes are given: those the graph serves by name, plus below.
EXTRA_DEFAULT_CODES: dict[str, tuple[str, ...]] = {
    "UNPD": ("65", "66"),  # net migration: total, and the crude rate per 1,000 population
}


class UnknownStates(Exception):
    """--states named codes that are not in the member State table."""


class SourceName(Enum):
    """The sources `sync` can fill the cache from."""

    SDG = "SDG"
    UNPD = "UNPD"
    UNHCR = "UNHCR"
    WORLDBANK = "WORLDBANK"


@dataclass
class SourceReport:
    """One source's line of the summary."""

    source: str
    tally: SyncTally = field(default_factory=SyncTally)
    skipped: str | None = None
    failures: list[str] = field(default_factory=list)

    def add(self, tally: SyncTally) -> None:
        """Add one series' counts."""
        self.tally.fetched += tally.fetched
        self.tally.unchanged += tally.unchanged
        self.tally.failed += tally.failed
        self.tally.unknown_to_source += tally.unknown_to_source
        if tally.failure is not None and tally.failure.message not in self.failures:
            self.failures.append(tally.failure.message)

    def line(self) -> str:
        """Return the summary line."""
        if self.skipped:
            return f"{self.source:<10} skipped: {self.skipped}"
        t = self.tally
        text = f"{self.source:<10} fetched {t.fetched:>5}  unchanged {t.unchanged:>5}  failed {t.failed:>5}"
        if t.unknown_to_source:
            text += f"  ({t.unknown_to_source} States unknown to the source)"
        for message in self.failures:
            text += f"\n{'':<10} {message}"
        return text


def default_codes(source: str, sdg_series: list[str]) -> list[str]:
    """Return the series synced by default for `source`."""
    named = [indicator.code for indicator in NAMED_INDICATORS if indicator.source == source]
    extra = list(EXTRA_DEFAULT_CODES.get(source, ()))
    if source == "SDG":
        extra += sdg_series
    return list(dict.fromkeys(named + extra))


def split_list(text: str | None) -> list[str] | None:
    """Return the items of a comma-separated option, or None when it was not given."""
    if text is None:
        return None
    return [item.strip() for item in text.split(",") if item.strip()]


async def run_sync(
    urls: DatabaseUrls,
    settings: Settings,
    sources: list[str],
    explicit_sources: bool,
    iso3s: list[str] | None,
    codes: list[str] | None,
) -> list[SourceReport]:
    """Sync every (source, code) for the States, printing progress; return the reports."""
    await prepare(urls)
    engine = create_engine(urls.owner, pool_size=1, max_overflow=0)
    service = indicator_service(settings, offline=False)
    reports = [SourceReport(source) for source in sources]
    try:
        async with create_session_factory(engine)() as session:
            rows = await queries.states_for_sync(session, iso3s)
            missing = sorted(set(iso3s or ()) - {row.iso3 for row in rows})
            if missing:
                raise UnknownStates(f"no State with ISO3 code {', '.join(missing)}")
            states = [StateRef(iso3=row.iso3, iso2=row.iso2, m49=row.m49) for row in rows]
            sdg_series = await queries.sdg_series_codes(session)
            plan: list[tuple[SourceReport, str]] = []
            for report in reports:
                client = service.clients.get(report.source)
                if not explicit_sources and not getattr(client, "is_configured", True):
                    report.skipped = "not configured (set ISCM_UNPD_API_TOKEN)"
                    continue
                for code in codes or default_codes(report.source, sdg_series):
                    plan.append((report, code))
            with typer.progressbar(
                plan,
                label=f"Syncing {len(plan)} series for {len(states)} State"
                + ("" if len(states) == 1 else "s"),
                item_show_func=lambda item: f"{item[0].source} {item[1]}" if item else None,
                file=sys.stderr,
            ) as progress:
                for report, code in progress:
                    report.add(await sync_series(service, session, report.source, code, states))
    finally:
        await service.aclose()
        await engine.dispose()
    return reports


def sync_command(
    source: Annotated[
        list[SourceName] | None,
        typer.Option(
            "--source", help="A source to sync; repeat for several. Default: every configured one."
        ),
    ] = None,
    states: Annotated[
        str | None,
        typer.Option(help="Comma-separated ISO3 codes, e.g. PHL,MEX. Default: every State."),
    ] = None,
    codes: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated series codes of the one --source given. Default: the series "
            "the graph serves by name, the SDG migration series and UNPD net migration."
        ),
    ] = None,
) -> None:
    """Fill the UN data cache ahead of time; exit 1 when a source failed."""
    # service/cli.py mounts this command, so importing it at module level would be circular.
    from service.cli import fail, run_with_database, settings_or_fail  # noqa: PLC0415

    settings = settings_or_fail()
    sources = [item.value for item in source] if source else [item.value for item in SourceName]
    sources = list(dict.fromkeys(sources))
    code_list = split_list(codes)
    try:
        iso3s = split_list(states)
        if iso3s is not None:
            iso3s = list(dict.fromkeys(canonical_iso3(code, "--states") for code in iso3s))
        if code_list is not None:
            if len(sources) != 1:
                fail("--codes needs exactly one --source")
            code_list = [canonical_code(sources[0], code) for code in code_list]
    except ApiError as error:
        fail(error.message.replace("`", ""))
    try:
        reports = run_with_database(
            settings,
            lambda urls: run_sync(urls, settings, sources, bool(source), iso3s, code_list),
        )
    except UnknownStates as error:
        fail(str(error))
    for report in reports:
        typer.echo(report.line())
    if any(report.tally.failed for report in reports):
        raise typer.Exit(code=1)
