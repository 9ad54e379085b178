"""Exceptions the connectors raise; every message is one line meant for an operator."""

from __future__ import annotations


class UpstreamError(Exception):
    """A UN data source could not give a usable answer."""

    def __init__(self, source: str, message: str) -> None:
        """Keep the source key and a one-line message without any traceback text."""
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


class UpstreamUnavailable(UpstreamError):
    """The source is unreachable: network failure, timeout, 5xx or an open circuit breaker."""


class SourceNotConfigured(UpstreamError):
    """The source needs configuration (a token) that is missing or was refused."""


class UpstreamBadResponse(UpstreamError):
    """The source answered with something that is not the documented shape."""


class UpstreamRejected(UpstreamError):
    """The source refused the query itself, e.g. an archived indicator or an invalid code."""

    def __init__(self, source: str, message: str, code: str | None = None) -> None:
        """Keep the source's own error code when it gives one (World Bank '120', '175')."""
        super().__init__(source, message)
        self.code = code
