"""Global IDs from clients: the node types they may name, and database integer keys."""

from collections.abc import Iterable
from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.relay import GlobalID, GlobalIDValueError
from strawberry.types.info import Info

from resolvers.errors import ApiError, ErrorCode
from schema.text_inputs import NUL, nul_error

# No row has this id, so a malformed node id simply resolves to null.
NO_SUCH_ID = -1
SMALLINT_MAX = 2**15 - 1
INTEGER_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1


class KnownNodeTypes(FieldExtension):
    """Refuse, with BAD_USER_INPUT, a global ID naming no object type of this API.

    For `node` and `nodes`, before Strawberry resolves the ids (which it would fail to do
    with an internal error). The key part may not hold NUL either, which no text column
    can. An id that does not decode at all is refused earlier, while the argument is
    converted.
    """

    def resolve(self, next_: Any, source: Any, info: Info, **kwargs: Any) -> Any:
        """Check every id's type name and key, then resolve as usual."""
        argument = "ids" if "ids" in kwargs else "id"
        given: list[GlobalID] = kwargs["ids"] if argument == "ids" else [kwargs["id"]]
        for global_id in given:
            try:
                global_id.resolve_type(info)
            except GlobalIDValueError:
                raise ApiError(
                    ErrorCode.BAD_USER_INPUT,
                    f"`{argument}` holds the ID of a {global_id.type_name!r}, "
                    "which is no object type of this API",
                    argument=argument,
                ) from None
            if NUL in global_id.node_id:
                raise nul_error(f"The key inside `{argument}`")
        return next_(source, info, **kwargs)


def integer_id(node_id: str, largest: int = INTEGER_MAX) -> int:
    """Return the database id in a global ID's node part.

    Anything that is not a plain number the column can hold becomes NO_SUCH_ID, so the
    lookup finds nothing instead of failing in the database driver.
    """
    if not (node_id.isascii() and node_id.isdigit()):
        return NO_SUCH_ID
    number = int(node_id)
    return number if number <= largest else NO_SUCH_ID


def integer_ids(node_ids: Iterable[str], largest: int = INTEGER_MAX) -> list[int]:
    """Return the database ids in global IDs' node parts (see `integer_id`)."""
    return [integer_id(node_id, largest) for node_id in node_ids]
