"""The root Mutation: one class of mutation fields per domain, merged.

Who may call what is decided in resolvers/authorization.py. An anonymous write fails at top
level with `extensions.code = UNAUTHENTICATED` (the field is null); every other refusal,
FORBIDDEN included, is a typed entry in the payload's `errors`, and nothing is written.
"""

from strawberry.tools import merge_types
from strawberry.types.base import get_object_definition

from schema.mutations.contributions import ContributionMutations
from schema.mutations.documents import DocumentMutations
from schema.mutations.events import EventMutations
from schema.mutations.iscms import IscmMutations
from schema.mutations.recommendations import RecommendationMutations
from schema.mutations.review_processes import ReviewProcessMutations

Mutation = merge_types(
    "Mutation",
    (
        ContributionMutations,
        RecommendationMutations,
        IscmMutations,
        ReviewProcessMutations,
        EventMutations,
        DocumentMutations,
    ),
)
get_object_definition(Mutation, strict=True).description = (
    "Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous "
    "write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other "
    "refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` "
    "and writes nothing. Each mutation is one transaction and is recorded in the audit trail."
)
