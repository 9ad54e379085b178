#!/usr/bin/env python3
"""Bulk-import review contributions from a CSV file into iscm-graph, reporting each row.

    ISCM_API_TOKEN=iscm_... python examples/import_contributions.py contributions.csv \\
        --url http://127.0.0.1:8000/graphql

The CSV has a header row with these columns (the first four are required):

    iscm, review_process, title, summary, practices, challenges, level, phase, outcome_type,
    gcm_objectives

`gcm_objectives` lists objective numbers separated by `;` (e.g. `5;6`); empty cells mean
"not given". Rows are sent in batches through the `importReviewContributions` mutation with the
typed client generated from the schema (clients/python: pydantic models over httpx), which
checks each row's values before anything is sent. Each batch carries an idempotency key derived
from the file's content and the batch number, so running the script again on the same file
stores nothing twice.

By default a batch is all or nothing (`--atomic`); with `--no-atomic` the valid rows of a batch
are stored and the others reported. The exit status is 0 when every row was stored, 1 when some
were not, 2 when the import could not run (bad file, unreachable server, refused token).
"""

import argparse
import asyncio
import csv
import hashlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import httpx
from pydantic import ValidationError

# The typed client generated from schema.graphql lives in clients/python (clients/README.md).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "clients" / "python"))
from iscm_client import (
    CreateReviewContributionInput,
    GraphQLClientError,
    GraphQLClientHttpError,
    IscmGraphClient,
    UserErrorCode,
)

REQUIRED_COLUMNS = ("iscm", "review_process", "title", "summary")
OPTIONAL_TEXT = ("practices", "challenges")
OPTIONAL_CODES = ("level", "phase", "outcome_type")
FIRST_DATA_LINE = 2  # line 1 is the header


class CsvProblem(Exception):
    """The file cannot be imported as it is."""


def camel(name: str) -> str:
    """Return the GraphQL spelling of a CSV column name."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


# The CSV column of each input field, to name it in messages.
COLUMNS = {
    camel(column): column
    for column in (*REQUIRED_COLUMNS, *OPTIONAL_TEXT, *OPTIONAL_CODES, "gcm_objectives")
}


def row_input(row: dict[str, str], line: int) -> CreateReviewContributionInput:
    """Turn one CSV row into a CreateReviewContributionInput, refusing values the schema does not
    allow (an unknown `level`, say) with the line and column."""
    data: dict[str, Any] = {camel(c): row.get(c) or "" for c in REQUIRED_COLUMNS}
    for column in (*OPTIONAL_TEXT, *OPTIONAL_CODES):
        if row.get(column):
            data[camel(column)] = row[column]
    objectives = (row.get("gcm_objectives") or "").strip()
    data["gcmObjectives"] = [n.strip() for n in objectives.split(";") if n.strip()]
    try:
        return CreateReviewContributionInput.model_validate(data)
    except ValidationError as error:
        problem = error.errors()[0]
        column = COLUMNS.get(str(problem["loc"][0]), str(problem["loc"][0]))
        raise CsvProblem(f"line {line}: {column}: {problem['msg']}") from None


def read_rows(path: Path) -> list[CreateReviewContributionInput]:
    """Read the CSV file into mutation inputs."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CsvProblem(f"the header lacks column(s): {', '.join(missing)}")
        return [row_input(row, line) for line, row in enumerate(reader, start=FIRST_DATA_LINE)]


def batches(items: list[Any], size: int) -> Iterator[tuple[int, list[Any]]]:
    """Yield (offset, batch) pairs."""
    for offset in range(0, len(items), size):
        yield offset, items[offset : offset + size]


class UserError(Protocol):
    """What every generated UserError model has."""

    code: UserErrorCode
    field: list[str] | None
    message: str


def describe(error: UserError) -> str:
    """One line for a UserError (code, field path, message)."""
    where = ".".join(error.field or [])
    code = error.code.value
    return f"{code} {where}: {error.message}" if where else f"{code}: {error.message}"


async def run(args: argparse.Namespace) -> int:
    """Import the file; print one line per row; return the exit status."""
    inputs = read_rows(args.csv)
    if not inputs:
        print("nothing to import: the file has no data rows")
        return 0
    file_key = hashlib.sha256(args.csv.read_bytes()).hexdigest()[:24]
    headers = {"Authorization": f"Bearer {args.token}"}
    stored = failed = 0
    async with IscmGraphClient(
        url=args.url, http_client=httpx.AsyncClient(headers=headers, timeout=60)
    ) as client:
        for number, (offset, batch) in enumerate(batches(inputs, args.batch_size)):
            answer = await client.import_contributions(
                inputs=batch,
                atomic=args.atomic,
                key=f"csv-{file_key}-{args.batch_size}-{int(args.atomic)}-{number}",
            )
            payload = answer.import_review_contributions
            if payload.errors and not payload.results:
                for error in payload.errors:
                    print(f"batch {number + 1}: {describe(error)}")
                failed += len(batch)
                continue
            for result in payload.results:
                line = FIRST_DATA_LINE + offset + result.index
                if result.contribution is not None:
                    stored += 1
                    contribution = result.contribution
                    print(f"line {line}: stored {contribution.id} ({contribution.status.value})")
                else:
                    failed += 1
                    problems = "; ".join(describe(e) for e in result.errors) or (
                        "not stored: another row of this all-or-nothing batch failed"
                    )
                    print(f"line {line}: {problems}")
    print(f"{stored} stored, {failed} not stored")
    return 0 if failed == 0 else 1


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="the CSV file to import")
    parser.add_argument("--url", default="http://127.0.0.1:8000/graphql", help="GraphQL endpoint")
    parser.add_argument(
        "--token", default=os.environ.get("ISCM_API_TOKEN"), help="API key (or ISCM_API_TOKEN)"
    )
    parser.add_argument("--batch-size", type=int, default=100, help="rows per call (max 500)")
    parser.add_argument(
        "--atomic",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="store each batch all or nothing (default) or row by row",
    )
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("an API key is needed: --token or ISCM_API_TOKEN")
    if not 1 <= args.batch_size <= 500:
        parser.error("--batch-size must be 1 to 500")
    return args


def main() -> int:
    """Run the import, turning expected failures into one line and exit status 2."""
    args = arguments()
    try:
        return asyncio.run(run(args))
    except (CsvProblem, OSError, UnicodeDecodeError) as problem:
        print(f"import_contributions: {problem}", file=sys.stderr)
    except GraphQLClientHttpError as error:
        print(
            f"import_contributions: the server refused the request: HTTP {error.status_code}"
            f" {refusal(error)}",
            file=sys.stderr,
        )
    except GraphQLClientError as error:
        print(f"import_contributions: the server refused the request: {error}", file=sys.stderr)
    except httpx.HTTPError as error:
        print(f"import_contributions: cannot talk to {args.url}: {error}", file=sys.stderr)
    return 2


def refusal(error: GraphQLClientHttpError) -> str:
    """The first error message of a refused request's GraphQL-shaped body, if it has one."""
    try:
        return error.response.json()["errors"][0]["message"]  # type: ignore[attr-defined]
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return ""


if __name__ == "__main__":
    sys.exit(main())
