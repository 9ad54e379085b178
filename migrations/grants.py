"""What the service role may do with the schema: read and write the data, append to the audit
log, read the migration state; never own, alter, truncate or put triggers on anything.

Applied by the schema's owner after every migration (`iscm-graph migrate`, `seed`, `serve`),
so tables added by later revisions are covered and privileges granted by hand are taken back.
"""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

# Tables whose privileges are narrower than the rest: the audit trail only grows (its trigger
# refuses UPDATE, DELETE and TRUNCATE; only the owner could disable it), and the migration
# state is the owner's.
NARROWER: dict[str, str] = {
    "audit_events": "SELECT, INSERT",
    "alembic_version": "SELECT",
}


async def grant_service_role(connection: AsyncConnection, role: str) -> None:
    """Give `role` exactly the service's privileges on the current schema, in one transaction."""
    preparer = connection.dialect.identifier_preparer
    grantee = preparer.quote(role)
    schema = preparer.quote(await connection.scalar(text("SELECT current_schema()")))
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {grantee}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {grantee}",
        f"GRANT USAGE ON SCHEMA {schema} TO {grantee}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {grantee}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {grantee}",
    ]
    for table, privileges in NARROWER.items():
        name = f"{schema}.{preparer.quote(table)}"
        statements += [
            f"REVOKE ALL ON {name} FROM {grantee}",
            f"GRANT {privileges} ON {name} TO {grantee}",
        ]
    for statement in statements:
        await connection.execute(text(statement))
