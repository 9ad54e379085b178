"""Arguments the editors' mutations of events and documents share."""

from typing import Annotated

import strawberry

SOURCE_ARGUMENT = Annotated[
    str,
    strawberry.argument(
        description="URL of the public source for this change (http or https), e.g. the organisers' page; recorded in the audit trail and, for a create, update or link, added to the record's `sources`."
    ),
]
VERSION_ARGUMENT = Annotated[
    int,
    strawberry.argument(
        description="The `version` you last read; if it changed since, nothing is written and the error is CONFLICT."
    ),
]
REPLACE_ARGUMENT = Annotated[
    bool,
    strawberry.argument(
        description="False (default): add these links. True: link exactly these, unlinking the others."
    ),
]
REMOVAL_REASON = Annotated[
    str, strawberry.argument(description="Why, up to 2,000 characters; kept in the audit trail.")
]
