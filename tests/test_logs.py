"""Logs as `iscm-graph serve` writes them: every field in plain text, no colour codes in JSON."""

import json
import logging
import time
from pathlib import Path

import httpx

from service.logging import JsonFormatter, PlainFormatter
from tests.live_service import served

# JSON writes the escape character of a terminal colour code as \u001b.
COLOUR_CODES = ("\x1b[", "\\u001b[")
ACCESS_FIELDS = (
    "request_id",
    "method",
    "path",
    "status",
    "duration_ms",
    "operation",
    "operation_type",
    "error_codes",
    "client",
    "address",
    "statements",
)


def access_record(**fields: object) -> logging.LogRecord:
    return logging.makeLogRecord(
        {"name": "iscm_graph.access", "msg": "request", "levelname": "INFO", **fields}
    )


def test_the_plain_formatter_keeps_every_field():
    record = access_record(
        request_id="abc", status=200, operation="Count Iscms", error_codes=["NOT_FOUND"]
    )

    line = PlainFormatter().format(record)

    assert " INFO iscm_graph.access request " in line
    assert 'request_id=abc status=200 operation="Count Iscms"' in line
    assert 'error_codes="[\\"NOT_FOUND\\"]"' in line


def test_the_json_formatter_leaves_out_uvicorns_coloured_copy_of_the_message():
    record = logging.makeLogRecord(
        {
            "name": "uvicorn.error",
            "msg": "Uvicorn running on %s",
            "args": ("http://127.0.0.1:8000",),
            "levelname": "INFO",
            "color_message": "Uvicorn running on \x1b[1m%s\x1b[0m",
        }
    )

    line = JsonFormatter().format(record)

    assert not any(code in line for code in COLOUR_CODES), line
    assert json.loads(line)["message"] == "Uvicorn running on http://127.0.0.1:8000"


def serve_one_request(database_url: str, log: Path, **settings: str) -> str:
    """Serve, send one GraphQL request, stop; return everything the service wrote."""
    with served(database_url, log, ISCM_LOG_LEVEL="info", **settings) as base:
        response = httpx.post(
            f"{base}/graphql",
            json={"query": "query CountIscms { iscms { totalCount } }"},
            headers={"X-Request-ID": "logged-request"},
            timeout=10,
        )
        assert response.status_code == 200
        deadline = time.monotonic() + 10
        while "logged-request" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
    return log.read_text()


def test_plain_text_logs_write_every_field_of_the_access_line(database_url, tmp_path):
    output = serve_one_request(database_url, tmp_path / "serve.log", ISCM_LOG_JSON="false")

    [line] = [line for line in output.splitlines() if "request_id=logged-request" in line]
    assert " INFO iscm_graph.access request " in line
    for field in ACCESS_FIELDS:
        assert f" {field}=" in line, (field, line)
    assert " path=/graphql status=200 " in line
    assert " operation=CountIscms operation_type=query " in line
    assert " address=127.0.0.1 " in line


def test_json_logs_hold_no_terminal_colour_codes(database_url, tmp_path):
    output = serve_one_request(database_url, tmp_path / "serve.log")

    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert any(line["logger"].startswith("uvicorn") for line in lines), output
    [access] = [line for line in lines if line.get("request_id") == "logged-request"]
    assert set(ACCESS_FIELDS) <= set(access)
    assert not any(code in output for code in COLOUR_CODES), output
