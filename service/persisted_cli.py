"""`iscm-graph persisted …`: put GraphQL documents on the allow-list, and list them."""

from pathlib import Path
from typing import Annotated

import typer
from graphql import GraphQLError
from sqlalchemy.ext.asyncio import AsyncSession

from db.queries import persisted_queries
from service.keys_cli import run_keys
from service.persisted import allow_list, joined_operation_names, sha256_of

persisted_app = typer.Typer(
    help="Persisted queries: allow-list documents (ISCM_PERSISTED_ONLY=1 runs only these)."
)


@persisted_app.command("add")
def add_command(
    files: Annotated[list[Path], typer.Argument(help="GraphQL documents (.graphql files).")],
) -> None:
    """Allow-list each file's document, as written and as printed canonically."""
    documents: list[tuple[Path, str, str | None]] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
            name = joined_operation_names(text)
        except OSError as error:
            raise typer.BadParameter(f"{path}: {error.strerror}") from None
        except GraphQLError as error:
            raise typer.BadParameter(f"{path}: not a GraphQL document: {error.message}") from None
        documents.append((path, text, name))

    async def work(session: AsyncSession) -> list[str]:
        lines = []
        for path, text, name in documents:
            await allow_list(session, text, name)
            lines.append(f"{sha256_of(text)}  {name or '(anonymous)'}  {path}")
        return lines

    for line in run_keys(work):
        typer.echo(line)


@persisted_app.command("list")
def list_command() -> None:
    """List the allow-listed documents: hash, then operation name."""

    async def work(session: AsyncSession) -> list[str]:
        rows = await persisted_queries.allow_listed_queries(session)
        return [f"{row.sha256}  {row.operation_name or '(anonymous)'}" for row in rows]

    lines = run_keys(work)
    for line in lines:
        typer.echo(line)
    if not lines:
        typer.echo("no allow-listed documents")
