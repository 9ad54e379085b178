"""Helpers for relay.Node types keyed by database integers."""

from collections.abc import Iterable

# No row has this id, so a malformed node id simply resolves to null.
NO_SUCH_ID = -1
SMALLINT_MAX = 2**15 - 1
INTEGER_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1


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
