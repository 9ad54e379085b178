"""write API: API keys, append-only audit trail, idempotency keys

Revision ID: 0002_write_api
Revises: 0001_foundation
Create Date: 2026-11-29 23:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002_write_api"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The audit trail only grows: rows can be added, never changed or removed (not even by TRUNCATE).
APPEND_ONLY_FUNCTION = """
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$
"""


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("key_id", sa.String(length=24), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("role IN ('partner', 'editor', 'admin')", name=op.f("ck_api_keys_role")),
        sa.CheckConstraint("key_id ~ '^[a-z0-9]{8,24}$'", name=op.f("ck_api_keys_key_id_format")),
        sa.CheckConstraint("char_length(name) BETWEEN 1 AND 200", name=op.f("ck_api_keys_name_length")),
        sa.CheckConstraint("secret_hash ~ '^[0-9a-f]{64}$'", name=op.f("ck_api_keys_secret_hash_format")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("key_id", name=op.f("uq_api_keys_key_id")),
    )
    op.create_table(
        "api_key_iscms",
        sa.Column("api_key_id", sa.Integer(), nullable=False),
        sa.Column("iscm_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["api_key_id"], ["api_keys.id"], name=op.f("fk_api_key_iscms_api_key_id_api_keys"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["iscm_id"], ["iscms.id"], name=op.f("fk_api_key_iscms_iscm_id_iscms"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("api_key_id", "iscm_id", name=op.f("pk_api_key_iscms")),
    )
    op.create_index(op.f("ix_api_key_iscms_iscm_id"), "api_key_iscms", ["iscm_id"], unique=False)
    op.create_table(
        "audit_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("actor_name", sa.Text(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Text(), nullable=False),
        sa.Column("iscm_id", sa.Integer(), nullable=True),
        sa.Column("before", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("after", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("request_id", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index("ix_audit_events_entity", "audit_events", ["entity", "entity_id", "id"], unique=False)
    op.create_index(op.f("ix_audit_events_iscm_id"), "audit_events", ["iscm_id"], unique=False)
    op.execute(APPEND_ONLY_FUNCTION)
    # Per statement, so even an UPDATE or DELETE that matches no row is refused.
    op.execute(
        "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE"
        " ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()"
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("principal", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("operation", sa.String(length=60), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("result", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("char_length(key) BETWEEN 1 AND 200", name=op.f("ck_idempotency_keys_key_length")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_keys")),
        sa.UniqueConstraint("principal", "key", name=op.f("uq_idempotency_keys_principal_key")),
    )


def downgrade() -> None:
    op.drop_table("idempotency_keys")
    op.execute("DROP TRIGGER audit_events_append_only ON audit_events")
    op.execute("DROP FUNCTION audit_events_append_only()")
    op.drop_index(op.f("ix_audit_events_iscm_id"), table_name="audit_events")
    op.drop_index("ix_audit_events_entity", table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_index(op.f("ix_api_key_iscms_iscm_id"), table_name="api_key_iscms")
    op.drop_table("api_key_iscms")
    op.drop_table("api_keys")
