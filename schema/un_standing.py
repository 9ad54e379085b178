"""Which States a list of States holds by default: States, not territories (issue: an editor
could add Antarctica as an observer). Shared by `memberStates` and `Region.memberStates`."""

from db.queries import catalogue as sql
from schema.read_path.declare import Argument

UN_STATUS_HELP = (
    "Only these standings at the UN. Without it, the 195 States: the 193 UN Member States and "
    "the 2 observer States (MEMBER, OBSERVER); `[NONE]` lists the territories and other areas, "
    "`[MEMBER, OBSERVER, NONE]` everything."
)
UN_STATUS = Argument(
    condition=lambda _, state, statuses, __: sql.has_un_status(state, statuses),
    absent=lambda _, state, __: sql.is_a_state(state),
)
