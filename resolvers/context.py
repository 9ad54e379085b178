"""The per-request context every resolver receives as `info.context`."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

from db.session import RequestSession
from resolvers.errors import ErrorCode
from resolvers.field_warnings import FieldWarning
from resolvers.indicator_cache import IndicatorRequest, IndicatorService
from resolvers.principal import ANONYMOUS, Principal


@dataclass(frozen=True)
class ApiConfig:
    """Settings the resolvers need (a slice of the service settings)."""

    max_page_size: int = 100
    default_page_size: int = 20
    # What schema/limits.py enforces on every operation before it runs.
    max_document_length: int = 65_536
    max_depth: int = 12
    max_tokens: int = 5000
    max_selections: int = 5000
    max_aliases: int = 30
    max_cost: int = 50_000
    # What schema/response_size.py lets one answer weigh.
    max_response_bytes: int = 8 * 1024 * 1024
    introspection: bool = True
    max_import_items: int = 500


@dataclass
class Context:
    """Everything one request owns: its session, its settings, who asks."""

    db: RequestSession
    config: ApiConfig
    principal: Principal = ANONYMOUS
    request_id: str = field(default_factory=lambda: uuid4().hex)
    request: Any = None
    response: Any = None
    # UN data through its cache; None when the app runs without it.
    indicators: IndicatorRequest | None = None
    # Errors for fields that still return data, appended to the response after execution.
    field_warnings: list[FieldWarning] = field(default_factory=list)
    # A WebSocket's `connection_init` payload (Strawberry sets it; it may carry Authorization).
    connection_params: dict[str, Any] | None = None
    # Whether the transport writes answers with orjson, so a query's data may stay the
    # statement's JSON text (an orjson.Fragment) instead of being parsed and written again.
    answers_as_json_text: bool = False

    @classmethod
    def create(
        cls,
        db: RequestSession,
        config: ApiConfig,
        *,
        request: Any = None,
        response: Any = None,
        request_id: str | None = None,
        principal: Principal = ANONYMOUS,
        indicators: IndicatorService | None = None,
    ) -> "Context":
        """Build a fresh context for one request."""
        return cls(
            db=db,
            config=config,
            principal=principal,
            request_id=request_id or uuid4().hex,
            request=request,
            response=response,
            indicators=indicators.for_request(db) if indicators is not None else None,
        )

    def add_field_warning(
        self, path: Sequence[str | int], code: ErrorCode, message: str, **details: Any
    ) -> None:
        """Report an error on the field at `path`, without nulling its data."""
        warning = FieldWarning(tuple(path), message, {"code": code.value, **details})
        if warning not in self.field_warnings:
            self.field_warnings.append(warning)
