"""`python -m bench [--quick] [--scale S] [--rounds N] [--duration SEC] [--database-url URL]`."""

import argparse
import os
import shlex
import sys
from pathlib import Path

from bench.catalog import QUERIES
from bench.load import LoadError
from bench.report import rejudge
from bench.runner import Options, run
from bench.servers import ServerError
from service.settings import ConfigurationError, normalise_database_url

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
QUICK = {"scale": 0.1, "rounds": 2, "duration": 1.0, "warmup": 1.0}
FULL = {"scale": 1.0, "rounds": 3, "duration": 10.0, "warmup": 3.0}


def parse_options(argv: list[str]) -> Options:
    """Read the command line; --quick changes the defaults, explicit options still win."""
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=(
            "Benchmark iscm-graph against the limit (one hand-written SQL statement per query)"
            " and PostGraphile v4 on the same generated database; write"
            " bench/results/latest.json and latest.md."
        ),
    )
    parser.add_argument(
        "--quick", action="store_true", help="scale 0.1, 2 rounds of 1 s runs (under 5 minutes)"
    )
    parser.add_argument(
        "--scale",
        type=float,
        help="data scale (1 = 300 ISCMs, 20k recommendations, 50k contributions)",
    )
    parser.add_argument("--rounds", type=int, help="load rounds, alternating the servers")
    parser.add_argument(
        "--duration", type=float, help="seconds of load per server, query and connection count"
    )
    parser.add_argument("--warmup", type=float, help="seconds of warm-up load per server and query")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER),
        help="PostgreSQL server to use; the benchmark creates its own database iscm_bench_<scale> there",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="workers per server (default: cores)",
    )
    parser.add_argument(
        "--regenerate",
        action="store_true",
        help="rebuild the benchmark database even if it holds the data",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=[q.name for q in QUERIES],
        help="run only this query (repeatable)",
    )
    parser.add_argument(
        "--output", type=Path, default=RESULTS_DIR, help="where latest.json and latest.md go"
    )
    parser.add_argument(
        "--rejudge",
        action="store_true",
        help=(
            "measure nothing: make the saved run at --scale (default 1) in --output the latest"
            " again, its targets judged against the saved runs there (after a --scale 10 run)"
        ),
    )
    args = parser.parse_args(argv)
    defaults = QUICK if args.quick else FULL
    values = {
        name: getattr(args, name) if getattr(args, name) is not None else default
        for name, default in defaults.items()
    }
    if (
        values["scale"] <= 0
        or values["rounds"] < 1
        or values["duration"] < 1
        or values["warmup"] < 0
    ):
        parser.error("--scale must be > 0, --rounds ≥ 1, --duration ≥ 1 and --warmup ≥ 0")
    try:
        server_url = normalise_database_url(args.database_url)
    except ConfigurationError as error:
        parser.error(str(error))
    return Options(
        scale=values["scale"],
        rounds=int(values["rounds"]),
        duration=values["duration"],
        warmup=values["warmup"],
        server_url=server_url,
        workers=max(1, args.workers),
        output_dir=args.output,
        command=shlex.join(["python", "-m", "bench", *argv]),
        quick=args.quick,
        regenerate=args.regenerate,
        only=tuple(args.only or ()),
        rejudge=args.rejudge,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; one line on stderr and exit code 2 when it cannot run."""
    options = parse_options(sys.argv[1:] if argv is None else argv)
    try:
        if options.rejudge:
            rejudge(options.output_dir, options.scale, QUERIES)
        else:
            run(options)
    except (ServerError, LoadError, ConfigurationError, OSError) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
