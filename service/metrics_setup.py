"""Prepare Prometheus multiprocess mode before uvicorn starts its workers.

Kept apart from service/metrics.py: prometheus-client chooses in-memory or file-backed values
when it is first imported, so the serving process must set PROMETHEUS_MULTIPROC_DIR before
anything imports it.
"""

import os
import shutil
import tempfile
from pathlib import Path

from service.settings import Settings

MULTIPROC_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


def prepare_workers(settings: Settings) -> Path | None:
    """With several workers, point metrics at an emptied directory; return it (None otherwise)."""
    if settings.workers <= 1:
        return None
    configured = os.environ.get(MULTIPROC_VARIABLE)
    directory = (
        Path(configured) if configured else Path(tempfile.gettempdir()) / "iscm-graph-metrics"
    )
    # Files of a previous run would add its counts to this one's.
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    os.environ[MULTIPROC_VARIABLE] = str(directory)
    return directory
