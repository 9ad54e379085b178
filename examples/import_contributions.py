#!/usr/bin/env python3
"""Bulk-import review contributions from a CSV file into iscm-graph, reporting each row.

    ISCM_API_TOKEN=iscm_... python examples/import_contributions.py contributions.csv \\
        --url http://127.0.0.1:8000/graphql

The CSV has a header row with these columns (the first four are required):

    iscm, review_process, title, summary, practices, challenges, level, phase, outcome_type,
    gcm_objectives

`gcm_objectives` lists objective numbers separated by `;` (e.g. `5;6`); empty cells mean
"not given". Rows are sent in batches through the `importReviewContributions` mutation with a
standard GraphQL client (gql over httpx). Each batch carries an idempotency key derived from the
file's content and the batch number, so running the script again on the same file stores
nothing twice.

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
from typing import Any

import httpx
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportError, TransportQueryError
from gql.transport.httpx import HTTPXAsyncTransport

IMPORT = """
mutation Import($inputs: [CreateReviewContributionInput!]!, $atomic: Boolean!, $key: String) {
  importReviewContributions(inputs: $inputs, atomic: $atomic, idempotencyKey: $key) {
    importedCount
    results { index contribution { id status } errors { code field message } }
    errors { code field message }
  }
}
"""
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


def row_input(row: dict[str, str], line: int) -> dict[str, Any]:
    """Turn one CSV row into a CreateReviewContributionInput."""
    data: dict[str, Any] = {camel(c): row.get(c) or "" for c in REQUIRED_COLUMNS}
    for column in (*OPTIONAL_TEXT, *OPTIONAL_CODES):
        if row.get(column):
            data[camel(column)] = row[column]
    objectives = (row.get("gcm_objectives") or "").strip()
    try:
        data["gcmObjectives"] = [int(n) for n in objectives.split(";") if n.strip()]
    except ValueError:
        raise CsvProblem(f"line {line}: gcm_objectives must be numbers separated by ';'") from None
    return data


def read_rows(path: Path) -> list[dict[str, Any]]:
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


def describe(error: dict[str, Any]) -> str:
    """One line for a UserError."""
    where = ".".join(error["field"] or [])
    return (
        f"{error['code']} {where}: {error['message']}"
        if where
        else f"{error['code']}: {error['message']}"
    )


async def run(args: argparse.Namespace) -> int:
    """Import the file; print one line per row; return the exit status."""
    inputs = read_rows(args.csv)
    if not inputs:
        print("nothing to import: the file has no data rows")
        return 0
    file_key = hashlib.sha256(args.csv.read_bytes()).hexdigest()[:24]
    transport = HTTPXAsyncTransport(
        url=args.url, headers={"Authorization": f"Bearer {args.token}"}, timeout=60
    )
    stored = failed = 0
    async with Client(transport=transport, fetch_schema_from_transport=False) as session:
        for number, (offset, batch) in enumerate(batches(inputs, args.batch_size)):
            request = GraphQLRequest(
                IMPORT,
                variable_values={
                    "inputs": batch,
                    "atomic": args.atomic,
                    "key": f"csv-{file_key}-{args.batch_size}-{int(args.atomic)}-{number}",
                },
            )
            payload = (await session.execute(request))["importReviewContributions"]
            if payload["errors"] and not payload["results"]:
                for error in payload["errors"]:
                    print(f"batch {number + 1}: {describe(error)}")
                failed += len(batch)
                continue
            for result in payload["results"]:
                line = FIRST_DATA_LINE + offset + result["index"]
                if result["contribution"] is not None:
                    stored += 1
                    contribution = result["contribution"]
                    print(f"line {line}: stored {contribution['id']} ({contribution['status']})")
                else:
                    failed += 1
                    problems = "; ".join(describe(e) for e in result["errors"]) or (
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
    except TransportQueryError as error:
        print(f"import_contributions: the server refused the request: {error}", file=sys.stderr)
    except (TransportError, httpx.HTTPError) as error:
        print(f"import_contributions: cannot talk to {args.url}: {error}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
