"""The per-request context every resolver receives as `info.context`."""

from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

from db.session import RequestSession
from resolvers.loaders import Loaders
from resolvers.principal import ANONYMOUS, Principal


@dataclass(frozen=True)
class ApiConfig:
    """Settings the resolvers need (a slice of the service settings)."""

    max_page_size: int = 100
    default_page_size: int = 20


@dataclass
class Context:
    """Everything one request owns: its session, its loaders, who asks."""

    db: RequestSession
    loaders: Loaders
    config: ApiConfig
    principal: Principal = ANONYMOUS
    request_id: str = field(default_factory=lambda: uuid4().hex)
    request: Any = None
    response: Any = None

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
    ) -> "Context":
        """Build a fresh context (and fresh DataLoaders) for one request."""
        return cls(
            db=db,
            loaders=Loaders(db),
            config=config,
            principal=principal,
            request_id=request_id or uuid4().hex,
            request=request,
            response=response,
        )
