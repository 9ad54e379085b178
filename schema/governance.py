"""The governance vocabularies as GraphQL enums: values are the codes, and each value's
description is the seed text (db/seed/reference.json), so the schema documents them."""

from enum import Enum
from typing import Any, cast

import strawberry

from db.reference_data import load_seed_file


def seed_vocabulary(name: str) -> list[dict[str, Any]]:
    """Return a governance vocabulary (code, name, description) as the seed file defines it."""
    return list(load_seed_file("reference.json")[name])


def vocabulary_enum(name: str, vocabulary: str, description: str) -> Any:
    """Build a GraphQL enum from a seed vocabulary."""
    values = {
        term["code"]: strawberry.enum_value(
            term["code"], description=f"{term['name']}: {term['description']}"
        )
        for term in seed_vocabulary(vocabulary)
    }
    # Enum's functional API makes a class; mypy reads a call with computed names as a member.
    enum_class = cast(type[Enum], Enum(name, values))
    return strawberry.enum(enum_class, description=description)


GovernanceLevel = vocabulary_enum(
    "GovernanceLevel",
    "governance_levels",
    "The level at which an ISCM outcome acts, from national to global.",
)
GovernancePhase = vocabulary_enum(
    "GovernancePhase",
    "governance_phases",
    "The phase of the policy cycle an ISCM outcome belongs to.",
)
OutcomeType = vocabulary_enum(
    "OutcomeType",
    "outcome_types",
    "The kind of outcome an ISCM produces.",
)


def level_of(code: str | None) -> Any:
    """Return the GovernanceLevel value of a stored code (None stays None)."""
    return GovernanceLevel(code) if code is not None else None


def phase_of(code: str | None) -> Any:
    """Return the GovernancePhase value of a stored code (None stays None)."""
    return GovernancePhase(code) if code is not None else None


def outcome_type_of(code: str | None) -> Any:
    """Return the OutcomeType value of a stored code (None stays None)."""
    return OutcomeType(code) if code is not None else None
