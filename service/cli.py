"""The `iscm-graph` command line."""

import asyncio
import logging
import signal
from collections.abc import Callable, Coroutine
from pathlib import Path
from types import FrameType
from typing import Annotated, Any

import typer
import uvicorn

from service.database import (
    DatabaseUrls,
    check_reachable,
    database_urls,
    export_url,
    migrate,
    prepare,
    schema_lock,
    seed,
    upgrade,
)
from service.keys_cli import keys_app
from service.logging import configure_json_logging, configure_plain_logging
from service.metrics_setup import prepare_workers
from service.persisted_cli import persisted_app
from service.settings import ConfigurationError, Settings, load_settings
from service.sync import sync_command

app = typer.Typer(
    help="iscm-graph: a federated GraphQL API over ISCMs on migration.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
log = logging.getLogger("iscm_graph.cli")
app.add_typer(keys_app, name="keys")
app.add_typer(persisted_app, name="persisted")
app.command("sync")(sync_command)


def fail(message: str) -> None:
    """Print one line and exit non-zero: configuration problems never show a traceback."""
    typer.secho(f"iscm-graph: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code=2)


def settings_or_fail(**overrides: Any) -> Settings:
    """Load settings, or exit with one line naming the bad setting."""
    try:
        settings = load_settings(**{k: v for k, v in overrides.items() if v is not None})
    except ConfigurationError as error:
        fail(str(error))
    configure_plain_logging(settings.log_level)
    return settings


def run_with_database(
    settings: Settings, work: Callable[[DatabaseUrls], Coroutine[Any, Any, Any]]
) -> Any:
    """Run `work(urls)` against the configured (or embedded) database, failing in one line.

    Commands work as the schema's owner (`urls.owner`); only the served app uses `urls.service`.
    """
    try:
        with database_urls(settings) as urls:
            return asyncio.run(work(urls))
    except ConfigurationError as error:
        fail(str(error))


def exit_cleanly(_signum: int, _frame: FrameType | None) -> None:
    """Leave with status 0: a requested stop is not a failure."""
    raise SystemExit(0)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (ISCM_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (ISCM_PORT).")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (ISCM_WORKERS).")] = None,
) -> None:
    """Serve the API; without DATABASE_URL, start an embedded PostgreSQL first."""
    settings = settings_or_fail(host=host, port=port, workers=workers)
    if settings.log_json:
        configure_json_logging(settings.log_level)
    try:
        with database_urls(settings) as urls:
            asyncio.run(prepare(urls))
            export_url(urls.service)
            prepare_workers(settings)
            # uvicorn re-raises SIGTERM once it has shut down gracefully: exit 0 then.
            signal.signal(signal.SIGTERM, exit_cleanly)
            log.info("Serving GraphQL on http://%s:%s/graphql", settings.host, settings.port)
            uvicorn.run(
                "service.app:create_app_from_env",
                factory=True,
                host=settings.host,
                port=settings.port,
                workers=settings.workers,
                log_level=settings.log_level,
                access_log=False,
                # Forwarded headers are believed from the configured proxies only: the client
                # address feeds the rate limits and the access log.
                proxy_headers=bool(settings.trusted_proxies),
                forwarded_allow_ips=list(settings.trusted_proxies),
                # JSON logging: uvicorn's loggers propagate to the JSON root handler.
                log_config=None if settings.log_json else uvicorn.config.LOGGING_CONFIG,
                # uvicorn annotates an int, but waits with asyncio.timeout, which takes a float.
                timeout_graceful_shutdown=settings.graceful_shutdown_seconds,  # type: ignore[arg-type]
            )
    except ConfigurationError as error:
        fail(str(error))


@app.command("migrate")
def migrate_command() -> None:
    """Migrate the database to the latest schema revision."""
    settings = settings_or_fail()

    async def work(urls: DatabaseUrls) -> bool:
        await check_reachable(urls.owner)
        return await migrate(urls)

    ran = run_with_database(settings, work)
    typer.echo("migrated to the latest revision" if ran else "already at the latest revision")


@app.command("seed")
def seed_command(
    demo: Annotated[
        bool, typer.Option("--demo", help="Also add labelled synthetic review data to explore.")
    ] = False,
) -> None:
    """Load the reference data (idempotent); --demo adds synthetic examples."""
    from db.demo_data import load_demo_data  # noqa: PLC0415 - only this command needs it

    settings = settings_or_fail()

    async def work(urls: DatabaseUrls) -> list[str]:
        await check_reachable(urls.owner)
        async with schema_lock(urls.owner):
            await upgrade(urls)
            lines = (await seed(urls.owner)).lines()
            if demo:
                lines.extend(await load_demo_data(urls.owner))
        return lines

    for line in run_with_database(settings, work):
        typer.echo(line)


@app.command("schema")
def schema_command(
    federation: Annotated[
        bool,
        typer.Option("--federation", help="Print the subgraph SDL with federation directives."),
    ] = False,
    output: Annotated[
        Path | None, typer.Option(help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the GraphQL schema (SDL)."""
    from schema import client_sdl, schema  # noqa: PLC0415 - other commands need no schema

    sdl = schema.as_str() if federation else client_sdl()
    if output is None:
        typer.echo(sdl)
    else:
        output.write_text(sdl + "\n", encoding="utf-8")


if __name__ == "__main__":
    app()
