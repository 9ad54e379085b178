"""Who is asking: the principal every request carries (anonymous unless authenticated)."""

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """What a principal may do, from least to most."""

    ANONYMOUS = "anonymous"
    PARTNER = "partner"
    EDITOR = "editor"
    ADMIN = "admin"


@dataclass(frozen=True)
class Principal:
    """An authenticated caller (API key or JWT subject), or the anonymous one."""

    role: Role = Role.ANONYMOUS
    subject: str | None = None
    display: str | None = None
    iscm_ids: frozenset[int] = field(default_factory=frozenset)
    # Unix time from which the credentials are refused (a token's expiry); None: until revoked.
    valid_until: float | None = None

    @property
    def is_anonymous(self) -> bool:
        """Whether nobody authenticated."""
        return self.role is Role.ANONYMOUS

    @property
    def sees_everything(self) -> bool:
        """Editors and admins see drafts of every ISCM."""
        return self.role in (Role.EDITOR, Role.ADMIN)


ANONYMOUS = Principal()
