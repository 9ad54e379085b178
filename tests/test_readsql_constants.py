"""Statements keep their constants in their text (db/readsql/compiler.py: ConstantsInline),
so PostgreSQL's generic plans see them; the request's values stay parameters."""

from sqlalchemy import String, bindparam, select

from db import models
from db.readsql.compiler import PARAMETER_PREFIX, render

MEMBERSHIP = models.IscmMembership.__table__


def test_constants_are_written_in_and_request_values_stay_parameters():
    table = MEMBERSHIP.alias()
    statement = (
        select(table.c.iscm_id)
        .where(
            table.c.role == "MEMBER",
            table.c.state_iso3 == bindparam(f"{PARAMETER_PREFIX}0", type_=String()),
            table.c.note == "a \\\\ backslash",
        )
        .limit(1)
    )

    rendered = render(statement)

    assert "role = 'MEMBER'" in rendered.sql
    assert "LIMIT 1" in rendered.sql
    # the request's value, and a text whose literal would depend on the session, are bound
    assert rendered.parameters[0] == f"{PARAMETER_PREFIX}0"
    assert list(rendered.constants.values()) == ["a \\\\ backslash"]
