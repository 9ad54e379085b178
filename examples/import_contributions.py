#!/usr/bin/env python3
"""Import review contributions from a CSV file into iscm-graph, as often as you need.

    ISCM_API_TOKEN=iscm_... python examples/import_contributions.py contributions.csv \\
        --url http://127.0.0.1:8000/graphql

The CSV has a header row with these columns (the first four are required):

    iscm, review_process, title, summary, key, practices, challenges, level, phase,
    outcome_type, gcm_objectives

`gcm_objectives` lists objective numbers separated by `;` (e.g. `5;6`); empty cells mean "not
given". `level`, `phase` and `outcome_type` take the code or its name in any case (`REGIONAL`,
`Regional`, `agenda setting`). Each row is known by its `key` when the file has that column,
else by its ISCM, review process and title: running the script again, on the same file or a
fixed one, stores only rows that are new or changed (a changed draft is updated), never a
row twice.

Rows go in batches through the `importReviewContributions` mutation, with the typed client
generated from the schema (clients/python: pydantic models over httpx). By default the import is all or nothing: the whole file is checked
first and nothing is stored unless every row is fine. `--no-atomic` stores every good row and
reports the others; `--check` checks the whole file and writes nothing. Each problem names its
CSV line and column and says what was expected; a long file shows its progress on stderr; the
last line sums up: stored, unchanged, failed. The exit status is 0 when no row failed, 1 when
some did, 2 when the import could not run (bad file, unreachable server, refused token).
"""

import argparse
import asyncio
import csv
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import httpx

# The typed client generated from schema.graphql lives in clients/python (clients/README.md).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "clients" / "python"))
from iscm_client import (
    GraphQLClientError,
    GraphQLClientHttpError,
    ImportContributionsImportReviewContributionsResults,
    ImportReviewContributionInput,
    IscmGraphClient,
)

REQUIRED_COLUMNS = ("iscm", "review_process", "title", "summary")
OPTIONAL_COLUMNS = (
    "key",
    "practices",
    "challenges",
    "level",
    "phase",
    "outcome_type",
    "gcm_objectives",
)
STORED = ("CREATED", "UPDATED")


class CsvProblem(Exception):
    """The file cannot be imported as it is."""


class UserError(Protocol):
    """What every generated UserError model has."""

    field: list[str] | None
    message: str

    @property
    def code(self) -> Any: ...


@dataclass
class Row:
    """One CSV record: the line it starts on, its mutation input, and its problems."""

    line: int
    input: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    outcome: str | None = None

    def refuse(self, column: str | None, message: str) -> None:
        """Record a problem with this row (and one of its columns)."""
        where = f"line {self.line}, column {column}" if column else f"line {self.line}"
        self.problems.append(f"{where}: {message}")
        self.outcome = "FAILED"


def camel(name: str) -> str:
    """Return the GraphQL spelling of a CSV column name."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def column(field_name: str) -> str:
    """Return the CSV column of a GraphQL field name."""
    return re.sub(r"(?<!^)([A-Z])", r"_\1", field_name).lower()


def row_input(cells: dict[str, str | None], row: Row) -> dict[str, Any]:
    """Turn one CSV record into an ImportReviewContributionInput, refusing what cannot be one."""
    data: dict[str, Any] = {camel(c): cells.get(c) or "" for c in REQUIRED_COLUMNS}
    for name in OPTIONAL_COLUMNS[:-1]:
        if (cells.get(name) or "").strip():
            data[camel(name)] = cells[name]
    objectives = (cells.get("gcm_objectives") or "").strip()
    numbers = [n.strip() for n in objectives.split(";") if n.strip()]
    if all(n.isdigit() for n in numbers):
        data["gcmObjectives"] = [int(n) for n in numbers]
    else:
        row.refuse(
            "gcm_objectives",
            f"expected GCM objective numbers separated by ';' (e.g. 5;6), not {objectives!r}",
        )
    return data


def read_rows(path: Path) -> list[Row]:
    """Read the CSV file into rows, each with the line its record starts on."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise CsvProblem(f"line 1: the header lacks column(s): {', '.join(missing)}")
        unknown = [c for c in header if c not in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)]
        if unknown:
            known = ", ".join((*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS))
            raise CsvProblem(f"line 1: unknown column(s) {', '.join(unknown)}; expected {known}")
        rows = []
        for cells in reader:
            # A record ends on reader.line_num; quoted cells may span lines before it.
            spanned = sum(value.count("\n") for value in cells.values() if isinstance(value, str))
            row = Row(line=reader.line_num - spanned, input={})
            row.input = row_input(cells, row)
            rows.append(row)
    flag_repeats(rows)
    return rows


def flag_repeats(rows: list[Row]) -> None:
    """Refuse a row naming the same contribution as an earlier row of the file."""
    first_line: dict[tuple[str, ...], int] = {}
    for row in rows:
        key = (row.input.get("key") or "").strip()
        iscm = row.input["iscm"].strip().lower()
        if key:
            named, column_name = ("key", iscm, key), "key"
            what = "key"
        else:
            process = row.input["reviewProcess"].strip().lower()
            named = ("natural", iscm, process, " ".join(row.input["title"].split()).casefold())
            column_name, what = "title", "ISCM, review process and title (add a key column)"
        if named in first_line:
            row.refuse(column_name, f"the same {what} as line {first_line[named]}")
        else:
            first_line[named] = row.line


def describe(row: Row, error: UserError) -> str:
    """Say where in the file a server error is, and what it is."""
    path = error.field or []
    name = column(path[2]) if len(path) > 2 and path[0] == "inputs" else None
    where = f"line {row.line}, column {name}" if name else f"line {row.line}"
    return f"{where}: {error.code.value}: {error.message}"


def batches(rows: list[Row], size: int) -> Iterator[list[Row]]:
    """Yield the rows to send, `size` at a time."""
    for offset in range(0, len(rows), size):
        yield rows[offset : offset + size]


class Importer:
    """Sends rows to the API and tells what became of each."""

    def __init__(self, client: IscmGraphClient, batch_size: int, rows: int) -> None:
        self.client = client
        self.batch_size = batch_size
        self.rows = rows

    async def send(self, rows: list[Row], *, atomic: bool, check: bool, verb: str) -> None:
        """Send the rows with no problem of their own, batch by batch; record each outcome."""
        sendable = [row for row in rows if not row.problems]
        done = len(rows) - len(sendable)
        for batch in batches(sendable, self.batch_size):
            answer = await self.client.import_contributions(
                inputs=[ImportReviewContributionInput.model_validate(row.input) for row in batch],
                atomic=atomic,
                check=check,
            )
            payload = answer.import_review_contributions
            if not payload.results:
                for row in batch:
                    for error in payload.errors:
                        row.refuse(None, f"{error.code.value}: {error.message}")
            for result in payload.results:
                row = batch[result.index]
                row.outcome = result.outcome.value
                row.problems += [describe(row, error) for error in result.errors]
                if not check:
                    report(row, result)
            done += len(batch)
            if self.rows > self.batch_size:
                print(f"{verb} {done}/{self.rows} rows", file=sys.stderr)


def report(row: Row, result: ImportContributionsImportReviewContributionsResults) -> None:
    """Print what an import did to one row (rows left unchanged without a note are quiet)."""
    contribution = result.contribution
    if row.outcome == "CREATED" and contribution is not None:
        print(f"line {row.line}: created {contribution.id} ({contribution.status.value})")
    elif row.outcome == "UPDATED" and contribution is not None:
        print(f"line {row.line}: updated {contribution.id} (version {contribution.version})")
    elif result.note:
        print(f"line {row.line}: unchanged: {result.note}")


def summary(rows: list[Row], *, checked: bool) -> str:
    """The last line: how many rows were (or would be) stored, unchanged, failed."""
    outcomes = Counter(row.outcome for row in rows)
    stored = outcomes["CREATED"] + outcomes["UPDATED"]
    counts = (
        f"{stored} ({outcomes['CREATED']} new, {outcomes['UPDATED']} updated), "
        f"unchanged {outcomes['UNCHANGED']}, failed {outcomes['FAILED']}"
    )
    if checked:
        return f"check: would store {counts}; nothing was written"
    return f"stored {counts}"


async def run(args: argparse.Namespace) -> int:
    """Import (or check) the file; print its problems and a summary; return the exit status."""
    rows = read_rows(args.csv)
    if not rows:
        print("nothing to import: the file has no data rows")
        return 0
    headers = {"Authorization": f"Bearer {args.token}"}
    async with IscmGraphClient(
        url=args.url, http_client=httpx.AsyncClient(headers=headers, timeout=60)
    ) as client:
        importer = Importer(client, args.batch_size, len(rows))
        # All or nothing holds for the whole file: every batch is checked before any is sent.
        if args.check or args.atomic:
            await importer.send(rows, atomic=False, check=True, verb="checked")
        refused = args.atomic and any(row.problems for row in rows)
        if not args.check and not refused:
            await importer.send(rows, atomic=args.atomic, check=False, verb="imported")
    failed = [row for row in rows if row.problems]
    for row in failed:
        print("\n".join(row.problems))
    if args.atomic and failed and not args.check:
        print("nothing was stored: fix the lines above and run again, or use --no-atomic")
        for row in rows:
            row.outcome = "FAILED" if row.problems else None
    print(summary(rows, checked=args.check))
    return 1 if failed else 0


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
        help="store the whole file or nothing (default), or every good row (--no-atomic)",
    )
    parser.add_argument(
        "--check", action="store_true", help="check the whole file and write nothing"
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
    except (CsvProblem, OSError, UnicodeDecodeError, csv.Error) as problem:
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
