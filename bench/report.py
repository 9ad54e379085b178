"""Turn measurements into bench/results/latest.json and latest.md, targets included."""

# ruff: noqa: RUF001, RUF002 - the report prints multiplication signs and en dashes on purpose

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.catalog import ENTRIES, NESTED_KINDS, OURS, BenchQuery, form_of, server_of
from bench.generate import GenerationReport, describe_rows
from bench.memory import PeakMemory

if TYPE_CHECKING:
    from bench.runner import Options, Pair

LIMIT = "limit"
RSS_LIMIT_MB = 250
P50_FLOOR = 1.5  # p50 at 1 connection: at most this times the limit's
CLIENT_FORM_FLOOR = 0.9  # the client form's throughput: at least this times the written one's
METHOD_NOTES = (
    "Every figure is the median over the rounds; rounds alternate the order of the servers.",
    "Load: wrk, one thread, a fixed POST body per query, in its own process on the same machine.",
    "Answers are checked before timing: the limit's JSON is the reference; PostGraphile's answer"
    " is mapped onto iscm-graph's shape by a small per-query adapter (bench/answers.py).",
    "iscm-graph is measured on each query in three forms made from the written document"
    " (bench/forms.py): as written; `client`, as Apollo Client sends it (`__typename` in every"
    " selection set, the node fields in a fragment, arguments as variables); `aliased`, with"
    " aliases on the root field and on a nested field. Every form is judged against the limit.",
    "SQL statements per request: counted by a wire-protocol proxy between each server and"
    " PostgreSQL (each simple Query or extended Execute is one statement), over"
    " 10 sequential requests after a warm-up; `statements` counts data statements,"
    " `all statements` adds BEGIN/ROLLBACK, pings and other session housekeeping.",
    "Peak RSS per worker: psutil samples of the servers' worker processes every 0.2 s during the"
    " load on that query.",
    "All three servers, PostgreSQL and wrk share this machine's cores; other work on the machine"
    " adds noise.",
)


def ratio(value: float | None, reference: float | None) -> float | None:
    """Return value / reference rounded, or None when either is missing or zero."""
    if value is None or not reference:
        return None
    return round(value / reference, 3)


def server_entry(
    pair: "Pair", summary: dict[str, Any], peak: float | None, limit: dict[str, Any] | None
) -> dict[str, Any]:
    """Return one server's figures on one query, with ratios to the limit."""
    entry: dict[str, Any] = {"status": pair.status}
    if pair.reason:
        entry["reason"] = pair.reason
    entry["connections"] = summary
    entry["statements_per_request"] = pair.statements
    entry["all_statements_per_request"] = pair.all_statements
    if pair.statement_kinds:
        entry["statements_by_kind"] = pair.statement_kinds
    entry["peak_rss_mb"] = peak if summary else None
    if pair.data_statements_sample:
        entry["sql_sample"] = [sql[:300] for sql in pair.data_statements_sample[:2]]
    if limit is not None:
        entry["ratios"] = {
            "connections": {
                count: {
                    metric: ratio(figures[metric], limit["connections"].get(count, {}).get(metric))
                    for metric in ("rps", "p50_ms", "p99_ms")
                }
                for count, figures in summary.items()
            },
            "statements_per_request": ratio(pair.statements, limit["statements_per_request"]),
            "peak_rss_mb": ratio(entry["peak_rss_mb"], limit["peak_rss_mb"]),
        }
    return entry


def build_results(
    *,
    options: "Options",
    queries: tuple[BenchQuery, ...],
    pairs: dict[str, dict[str, tuple["Pair", dict[str, Any]]]],
    memory: PeakMemory,
    generation: GenerationReport,
    machine: dict[str, Any],
    versions: dict[str, Any],
    seconds: float,
) -> dict[str, Any]:
    """Assemble the results document (the structure of latest.json)."""
    by_query: dict[str, Any] = {}
    for query in queries:
        servers: dict[str, Any] = {}
        limit_pair, limit_summary = pairs[query.name][LIMIT]
        limit_entry = server_entry(limit_pair, limit_summary, memory.peak(LIMIT, query.name), None)
        for name in ENTRIES:
            pair, summary = pairs[query.name][name]
            if name == LIMIT:
                servers[name] = limit_entry
                continue
            reference = limit_entry if limit_entry["connections"] else None
            peak = memory.peak(server_of(name), query.name)
            servers[name] = server_entry(pair, summary, peak, reference)
        by_query[query.name] = {
            "label": query.label,
            "kind": query.kind,
            "description": query.description,
            "servers": servers,
        }
    results: dict[str, Any] = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command": options.command,
        "options": {
            "quick": options.quick,
            "scale": options.scale,
            "rounds": options.rounds,
            "duration_s": options.duration,
            "warmup_s": options.warmup,
            "workers": options.workers,
            "connections": [1, 8],
        },
        "seconds": round(seconds, 1),
        "machine": machine,
        "versions": versions,
        "database": {
            "name": generation.database,
            "scale": generation.scale,
            "reused": generation.reused,
            "rows": generation.rows,
            "notes": generation.notes,
        },
        "queries": by_query,
    }
    results["targets"] = evaluate_targets(
        results, queries, saved_runs(options.output_dir, options.scale)
    )
    results["method"] = list(METHOD_NOTES)
    return results


def figures(results: dict[str, Any], query: str, server: str) -> dict[str, Any]:
    """Return one entry's figures for one query (an empty entry when a saved run from before
    the forms has none)."""
    found = results["queries"][query]["servers"].get(server)
    if found is None:
        return {"status": "not in this run", "connections": {}, "statements_per_request": None}
    return found


def target(
    name: str, query: str | None, met: bool | None, detail: str, connections: int | None = None
) -> dict[str, Any]:
    """Return one target line."""
    return {
        "target": name,
        "query": query,
        "connections": connections,
        "met": met,
        "detail": detail,
    }


STATUS_TEXT = {
    "unsupported": "the query is not supported by this server yet",
    "disagrees": "its answer differs from the limit's (see the query's section)",
    "missing": "a query file is missing",
    "failed": "the server failed (see the query's section)",
    "unavailable": "the server is not available",
    "unchecked": "the limit could not answer, so nothing was checked",
    "no form": "this server has no form of the question (the query's section says why)",
}


def not_measured(entry: dict[str, Any]) -> str:
    """Say in a few words why a server has no figures."""
    return "not measured: " + STATUS_TEXT.get(entry["status"], entry["status"])


def failures(entry: dict[str, Any], count: str) -> str | None:
    """Say why a server's figures at `count` connections cannot be trusted, or None.

    A run with failed requests (refused, timed out, non-2xx such as 429) measured the failures,
    not the answers, so no target may count as met on it.
    """
    figures_ = entry["connections"].get(count)
    if figures_ and figures_.get("errors"):
        return f"{figures_['errors']} of {figures_['requests']} requests failed: figures invalid"
    return None


def throughput_targets(
    query: BenchQuery, ours: dict[str, Any], theirs: dict[str, Any], label: str | None = None
) -> list[dict[str, Any]]:
    """Throughput against the limit (small and nested queries) and against PostGraphile (nested);
    `label` names the query (and form) in the target lines."""
    out = []
    label = label or query.name
    floor = 0.8 if query.kind == "small" else 0.5
    for count in ("1", "8"):
        connections = int(count)
        if query.kind in (*NESTED_KINDS, "small"):
            name = f"throughput ≥ {floor} × the limit"
            ratios = ours.get("ratios", {}).get("connections", {}).get(count)
            if ratios is None:
                out.append(target(name, label, None, not_measured(ours), connections))
            elif problem := failures(ours, count):
                out.append(target(name, label, False, problem, connections))
            else:
                value = ratios["rps"]
                met = value is not None and value >= floor
                out.append(target(name, label, met, f"{value} × the limit", connections))
        if query.kind in NESTED_KINDS:
            name = "throughput above PostGraphile"
            mine = ours["connections"].get(count)
            other = theirs["connections"].get(count)
            if mine is None:
                out.append(target(name, label, None, not_measured(ours), connections))
            elif other is None:
                detail = f"PostGraphile {not_measured(theirs)}"
                out.append(target(name, label, None, detail, connections))
            elif problem := failures(ours, count) or failures(theirs, count):
                out.append(target(name, label, False, problem, connections))
            else:
                detail = f"{mine['rps']} vs {other['rps']} req/s"
                met = mine["rps"] > other["rps"]
                out.append(target(name, label, met, detail, connections))
    return out


def latency_targets(
    query: BenchQuery,
    ours: dict[str, Any],
    label: str | None = None,
    limit: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """p50 at 1 connection against the limit's; p99 against p50 at 8 connections, with the
    limit's own spread beside it (on a shared machine the load itself makes a tail)."""
    out = []
    label = label or query.name
    name = f"p50 at 1 connection ≤ {P50_FLOOR} × the limit's"
    ratios = ours.get("ratios", {}).get("connections", {}).get("1")
    if ratios is None:
        out.append(target(name, label, None, not_measured(ours), 1))
    elif ratios["p50_ms"] is None:
        out.append(target(name, label, False, "no request completed within a run", 1))
    elif problem := failures(ours, "1"):
        out.append(target(name, label, False, problem, 1))
    else:
        value = ratios["p50_ms"]
        met = value is not None and value <= P50_FLOOR
        out.append(target(name, label, met, f"{value} × the limit", 1))
    name = "p99 ≤ 3 × p50 at 8 connections"
    eight = ours["connections"].get("8")
    if eight is None:
        out.append(target(name, label, None, not_measured(ours), 8))
    elif not eight["p50_ms"] or eight["p99_ms"] is None:
        out.append(target(name, label, False, "no request completed within a run", 8))
    elif problem := failures(ours, "8"):
        out.append(target(name, label, False, problem, 8))
    else:
        value = round(eight["p99_ms"] / eight["p50_ms"], 2)
        detail = f"p99 = {value} × p50"
        limit_eight = (limit or {}).get("connections", {}).get("8")
        if limit_eight and limit_eight["p50_ms"] and limit_eight["p99_ms"] is not None:
            spread = round(limit_eight["p99_ms"] / limit_eight["p50_ms"], 2)
            detail += f" (the limit's: {spread} ×)"
        out.append(target(name, label, value <= 3, detail, 8))
    return out


def statement_target(
    query: BenchQuery, ours: dict[str, Any], label: str | None = None
) -> dict[str, Any]:
    """One data statement per request."""
    name = "one SQL statement per request"
    label = label or query.name
    value = ours["statements_per_request"]
    if value is None:
        return target(name, label, None, not_measured(ours))
    detail = (
        f"{value:g} data statement{'' if value == 1 else 's'} per request"
        f" ({ours['all_statements_per_request']:g} with transaction control and pings)"
    )
    return target(name, label, value <= 1, detail)


def client_form_targets(
    query: BenchQuery, written: dict[str, Any], client: dict[str, Any]
) -> list[dict[str, Any]]:
    """The client form's throughput against the written form's, at each connection count."""
    name = f"client form throughput ≥ {CLIENT_FORM_FLOOR} × as written"
    out = []
    for count in ("1", "8"):
        mine, base = client["connections"].get(count), written["connections"].get(count)
        if mine is None or base is None:
            missing = client if mine is None else written
            out.append(target(name, query.name, None, not_measured(missing), int(count)))
        elif problem := failures(client, count) or failures(written, count):
            out.append(target(name, query.name, False, problem, int(count)))
        else:
            value = round(mine["rps"] / base["rps"], 3) if base["rps"] else None
            met = value is not None and value >= CLIENT_FORM_FLOOR
            out.append(target(name, query.name, met, f"{value} × as written", int(count)))
    return out


def saved_runs(output_dir: Path, scale: float) -> dict[str, dict[str, Any] | None]:
    """Earlier results the scale targets can use: a tenth of this scale, scale 10 and scale 1."""
    return {
        "tenth": read_results(scale_file(output_dir, scale / 10)),
        "ten": read_results(scale_file(output_dir, 10)),
        "one": read_results(scale_file(output_dir, 1)),
    }


def memory_target(results: dict[str, Any], ten: dict[str, Any] | None) -> dict[str, Any]:
    """Peak RSS per iscm-graph worker, judged at scale 10 (this run, or the saved scale 10 run)."""
    if results["database"]["scale"] < 10 and ten is not None:
        found = memory_target(ten, None)
        found["detail"] += f" (saved run of {ten['generated_at']})"
        return found
    scale = results["database"]["scale"]
    peaks = [
        query["servers"][OURS]["peak_rss_mb"]
        for query in results["queries"].values()
        if query["servers"][OURS].get("peak_rss_mb") is not None
    ]
    name = f"RSS per worker < {RSS_LIMIT_MB} MB at scale 10"
    if not peaks:
        return target(name, None, None, "not measured")
    peak = max(peaks)
    if scale >= 10:
        return target(name, None, peak < RSS_LIMIT_MB, f"peak {peak} MB at scale {scale:g}")
    detail = f"peak {peak} MB at scale {scale:g}; the target is for scale 10 (`--scale 10`)"
    return target(name, None, None, detail)


def growth_target(results: dict[str, Any], smaller: dict[str, Any] | None) -> dict[str, Any]:
    """Export query at this scale against a run at a tenth of it: ≤ 10 × the time, same statements."""
    name = "growth: 10 × the data costs ≤ 10 × the time, same statement count"
    query = "contribution_export"
    scale = results["database"]["scale"]
    if query not in results["queries"]:
        return target(name, query, None, "the export query was not run")
    if smaller is None or query not in smaller.get("queries", {}):
        detail = (
            f"needs a run at scale {scale / 10:g} next to this one at scale {scale:g}"
            f" (python -m bench --scale {scale / 10:g}, then --scale {scale:g})"
        )
        return target(name, query, None, detail)
    now = results["queries"][query]["servers"][OURS]
    before = smaller["queries"][query]["servers"][OURS]
    if "1" not in now["connections"] or "1" not in before["connections"]:
        return target(name, query, None, "not measured at both scales", 1)
    factor = round(now["connections"]["1"]["p50_ms"] / before["connections"]["1"]["p50_ms"], 2)
    same = now["statements_per_request"] == before["statements_per_request"]
    detail = (
        f"p50 at 1 connection {factor} × the scale {scale / 10:g} run's"
        f" ({smaller['generated_at']}); statements {before['statements_per_request']:g}"
        f" → {now['statements_per_request']:g}"
    )
    return target(name, query, factor <= 10 and same, detail, 1)


def evaluate_targets(
    results: dict[str, Any],
    queries: tuple[BenchQuery, ...],
    saved: dict[str, dict[str, Any] | None],
) -> list[dict[str, Any]]:
    """Check the issue's targets against this run's figures."""
    out = []
    for query in queries:
        theirs = figures(results, query.name, "postgraphile")
        for entry in ENTRIES:
            if server_of(entry) != OURS:
                continue
            ours = figures(results, query.name, entry)
            form = form_of(entry)
            label = query.name if form == "written" else f"{query.name} ({form})"
            out += throughput_targets(query, ours, theirs, label)
            out += latency_targets(query, ours, label, figures(results, query.name, LIMIT))
            out.append(statement_target(query, ours, label))
        out += client_form_targets(
            query,
            figures(results, query.name, OURS),
            figures(results, query.name, f"{OURS} client"),
        )
    out.append(memory_target(results, saved["ten"]))
    scale = results["database"]["scale"]
    if saved["tenth"] is not None or scale == 10:
        out.append(growth_target(results, saved["tenth"]))
    if scale != 10 and saved["ten"] is not None and saved["one"] is not None:
        found = growth_target(saved["ten"], saved["one"])
        found["detail"] += " (saved scale 10 and scale 1 runs)"
        out.append(found)
    elif saved["tenth"] is None and scale != 10:
        out.append(growth_target(results, None))  # says which runs it needs
    return out


def rejudge(output_dir: Path, scale: float, queries: tuple[BenchQuery, ...]) -> dict[str, Any]:
    """Make the saved run at `scale` the latest again, its targets judged against the saved
    runs now in `output_dir` (say, a scale 10 run made after it), and rewrite latest.*."""
    source = scale_file(output_dir, scale)
    results = read_results(source)
    if results is None:
        raise OSError(f"no saved benchmark run in {source}")
    measured = tuple(query for query in queries if query.name in results["queries"])
    saved = saved_runs(output_dir, results["database"]["scale"])
    results["targets"] = evaluate_targets(results, measured, saved)
    write(results, output_dir, measured)
    return results


def number(value: Any, digits: int = 1) -> str:
    """Format a figure for a table; a dash when missing."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def times(value: Any) -> str:
    """Format a ratio."""
    return "–" if value is None else f"{value:.2f}×"


def verdict(met: bool | None) -> str:
    """Format a target's outcome."""
    return {True: "met", False: "**not met**", None: "not measured"}[met]


def markdown(results: dict[str, Any], queries: tuple[BenchQuery, ...]) -> str:
    """Render the results as the Markdown report."""
    machine, versions, database = results["machine"], results["versions"], results["database"]
    options = results["options"]
    lines = [
        "# iscm-graph benchmark: the limit, PostGraphile v4 and iscm-graph",
        "",
        f"Generated {results['generated_at']} by `{results['command']}` in {results['seconds']:.0f} s"
        f" (scale {options['scale']:g}, {options['rounds']} rounds of {options['duration_s']:g} s"
        f" per server, query and connection count, {options['workers']} workers per server"
        f"{', quick mode' if options['quick'] else ''}).",
        "",
        "## Machine and versions",
        "",
        "| | |",
        "| --- | --- |",
        f"| cores (nproc) | {machine['nproc']} |",
        f"| memory | {machine['memory_gib']} GiB |",
        f"| CPU | {machine['cpu_model']} |",
        f"| OS | {machine['os']} |",
        f"| load average at start | {', '.join(str(v) for v in machine['load_average_at_start'])} |",
        f"| load average at end | {', '.join(str(v) for v in machine.get('load_average_at_end', []))} |",
    ]
    lines += [f"| {name} | {value or '–'} |" for name, value in versions.items()]
    lines += [
        "",
        "## Data",
        "",
        f"Database `{database['name']}` ({'reused' if database['reused'] else 'generated'}),"
        f" scale {database['scale']:g}: {describe_rows(database['rows'])}.",
    ]
    lines += [f"- {note}" for note in database["notes"]]
    lines += ["", "## Targets", "", "| target | query | connections | outcome | detail |"]
    lines += ["| --- | --- | --- | --- | --- |"]
    for item in results["targets"]:
        lines.append(
            f"| {item['target']} | {item['query'] or '–'} | {item['connections'] or '–'} |"
            f" {verdict(item['met'])} | {item['detail']} |"
        )
    for query in queries:
        entry = results["queries"][query.name]
        lines += ["", f"## {query.title}: {query.description}", ""]
        lines += [
            "| server | connections | req/s | × limit | p50 ms | × limit | p99 ms | × limit"
            " | statements / request | peak RSS / worker MB |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        notes = []
        for name in ENTRIES:
            if name not in entry["servers"]:
                continue  # a saved run from before the forms
            server = entry["servers"][name]
            statements = server["statements_per_request"]
            statement_text = (
                f"{statements:g} ({server['all_statements_per_request']:g} all)"
                if statements is not None
                else "–"
            )
            if not server["connections"]:
                lines.append(f"| {name} | – | – | – | – | – | – | – | {statement_text} | – |")
                notes.append(f"- {name}: {server.get('reason') or server['status']}")
                continue
            for count, figures_ in server["connections"].items():
                ratios = server.get("ratios", {}).get("connections", {}).get(count, {})
                lines.append(
                    f"| {name} | {count} | {number(figures_['rps'])} | {times(ratios.get('rps', 1.0 if name == LIMIT else None))}"
                    f" | {number(figures_['p50_ms'], 2)} | {times(ratios.get('p50_ms', 1.0 if name == LIMIT else None))}"
                    f" | {number(figures_['p99_ms'], 2)} | {times(ratios.get('p99_ms', 1.0 if name == LIMIT else None))}"
                    f" | {statement_text} | {number(server['peak_rss_mb'])} |"
                )
                if figures_["errors"]:
                    notes.append(
                        f"- {name}: {figures_['errors']} failed requests at {count} connections"
                    )
        lines += ["", *notes] if notes else []
    lines += ["", "## Method", ""]
    lines += [f"- {note}" for note in results["method"]]
    return "\n".join(lines) + "\n"


def scale_file(output_dir: Path, scale: float) -> Path:
    """Where the last results at `scale` are kept, for the growth comparison."""
    return output_dir / f"scale-{scale:g}.json"


def read_results(path: Path) -> dict[str, Any] | None:
    """Return earlier results, or None when there are none."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(results: dict[str, Any], output_dir: Path, queries: tuple[BenchQuery, ...]) -> None:
    """Write latest.json, latest.md and scale-<scale>.json into `output_dir`."""
    output_dir.mkdir(parents=True, exist_ok=True)
    document = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    (output_dir / "latest.json").write_text(document, encoding="utf-8")
    scale_file(output_dir, results["database"]["scale"]).write_text(document, encoding="utf-8")
    (output_dir / "latest.md").write_text(markdown(results, queries), encoding="utf-8")
