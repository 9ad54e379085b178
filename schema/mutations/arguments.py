"""Arguments several mutations declare alike, and their help texts."""

from typing import Annotated

import strawberry
from strawberry.types.arguments import StrawberryArgumentAnnotation

from resolvers.context import Context

Info = strawberry.Info[Context, None]  # every resolver's first argument

IDEMPOTENCY_HELP = (
    "Optional client-chosen key (1 to 200 characters, scoped to your key or token): a retry "
    "with the same key and the same input returns the first result and writes nothing; the "
    "same key with a different input is a CONFLICT."
)
IDEMPOTENCY_ARGUMENT = Annotated[str | None, strawberry.argument(description=IDEMPOTENCY_HELP)]


def id_argument(noun: str) -> StrawberryArgumentAnnotation:
    """The `id` argument naming the record a mutation writes, e.g. "The document's `id`."."""
    return strawberry.argument(description=f"The {noun}'s `id`.")


DUPLICATE_ARGUMENT = Annotated[
    strawberry.ID, strawberry.argument(description="The duplicate's `id`.")
]
VERSION_ARGUMENT = Annotated[
    int,
    strawberry.argument(
        description="The `version` you last read; if it changed since, nothing is written and the error is CONFLICT."
    ),
]
# A workflow step checks the version too, but says less of it.
STEP_VERSION_ARGUMENT = Annotated[
    int, strawberry.argument(description="The `version` you last read.")
]
SOURCE_ARGUMENT = Annotated[
    str,
    strawberry.argument(
        description="URL of the public source for this change (http or https), e.g. the organisers' page; recorded in the audit trail and, for a create, update or link, added to the record's `sources`."
    ),
]
REPLACE_ARGUMENT = Annotated[
    bool,
    strawberry.argument(
        description="False (default): add these links. True: link exactly these, unlinking the others."
    ),
]
# Partners' records keep a reason in their history; editors' content in the audit trail.
HISTORY_REASON = Annotated[
    str, strawberry.argument(description="Why, up to 2,000 characters; kept in its history.")
]
REMOVAL_REASON = Annotated[
    str, strawberry.argument(description="Why, up to 2,000 characters; kept in the audit trail.")
]
