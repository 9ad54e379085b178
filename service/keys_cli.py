"""`iscm-graph keys …`: create, list and revoke API keys (the admin's tool; there is no API for it)."""

from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from db.queries import api_keys
from db.session import create_engine, create_session_factory
from service.api_keys import CreatedKey, KeyRequestError, create_key
from service.database import DatabaseUrls, check_reachable

T = TypeVar("T")

keys_app = typer.Typer(help="Manage API keys: create (the token is shown once), list, revoke.")


def run_keys(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run `work(session)` in one committed transaction on the configured database."""
    from service.cli import run_with_database, settings_or_fail  # noqa: PLC0415 - cli imports us

    settings = settings_or_fail()

    async def in_transaction(urls: DatabaseUrls) -> T:
        await check_reachable(urls.owner)
        engine = create_engine(urls.owner, pool_size=1, max_overflow=0)
        try:
            async with create_session_factory(engine)() as session, session.begin():
                return await work(session)
        finally:
            await engine.dispose()

    return run_with_database(settings, in_transaction)


@keys_app.command("create")
def create_command(
    name: Annotated[str, typer.Option(help='Who holds the key, e.g. "Bali Process RSO".')],
    role: Annotated[str, typer.Option(help="partner, editor or admin.")] = "partner",
    iscm: Annotated[
        list[str] | None,
        typer.Option(help="Slug of an ISCM a partner key may write for; repeat for several."),
    ] = None,
) -> None:
    """Create a key and print its token once: only its hash is stored."""

    async def work(session: AsyncSession) -> CreatedKey | str:
        try:
            return await create_key(session, name=name, role=role, iscm_slugs=iscm or [])
        except KeyRequestError as error:
            return str(error)

    created = run_keys(work)
    if isinstance(created, str):
        typer.secho(f"iscm-graph: {created}", err=True, fg=typer.colors.RED)
        raise typer.Exit(code=2)
    scope = ", ".join(created.iscm_slugs) or "all ISCMs"
    typer.echo(f"created key {created.key_id} ({created.role}, {scope}) for {created.name}")
    typer.echo("token (shown once; store it now):")
    typer.echo(created.token)


@keys_app.command("list")
def list_command() -> None:
    """List keys: id, role, ISCMs, name, created, revoked (never the secret)."""

    async def work(session: AsyncSession) -> list[str]:
        rows = await api_keys.all_keys(session)
        return [
            "\t".join(
                (
                    row.key_id,
                    row.role,
                    ",".join(sorted(row.iscm_slugs)) or "-",
                    row.name,
                    row.created_at.isoformat(timespec="seconds"),
                    f"revoked {row.revoked_at.isoformat(timespec='seconds')}"
                    if row.revoked_at
                    else "active",
                )
            )
            for row in rows
        ]

    lines = run_keys(work)
    typer.echo("\t".join(("key", "role", "iscms", "name", "created", "state")))
    for line in lines:
        typer.echo(line)


@keys_app.command("revoke")
def revoke_command(
    key_id: Annotated[str, typer.Argument(help="The key id (from `keys list`).")],
) -> None:
    """Revoke a key: the next request that presents it is refused."""

    async def work(session: AsyncSession) -> bool:
        return await api_keys.revoke_key(session, key_id.removeprefix("iscm_"))

    if not run_keys(work):
        typer.secho(f"iscm-graph: no active key {key_id!r}", err=True, fg=typer.colors.RED)
        raise typer.Exit(code=2)
    typer.echo(f"revoked key {key_id}")
