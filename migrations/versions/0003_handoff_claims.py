"""Add who claimed a handoff, whether the bot is paused, and the resolution note.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Batch mode, because SQLite cannot add a foreign key to an existing table and
    # Alembic copies the table instead.
    with op.batch_alter_table("handoffs") as batch:
        batch.add_column(sa.Column("claimed_by", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column(
                "bot_paused", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch.add_column(sa.Column("resolution_note", sa.Text(), nullable=True))
        batch.create_foreign_key(
            "fk_handoffs_claimed_by_coordinators",
            "coordinators",
            ["claimed_by"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("handoffs") as batch:
        batch.drop_constraint("fk_handoffs_claimed_by_coordinators", type_="foreignkey")
        batch.drop_column("resolution_note")
        batch.drop_column("bot_paused")
        batch.drop_column("claimed_by")
