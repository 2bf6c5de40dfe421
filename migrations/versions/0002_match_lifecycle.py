"""Add the match lifecycle: scores, reasons, decisions, rematches, one open match.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_STATUSES = "status IN ('pending', 'approved')"
# Revision 0001 named the status check under the naming convention a second time, so
# its real name repeats the prefix. op.f() marks every name here as final.
OLD_STATUS_CHECK = "ck_match_requests_ck_match_requests_status"


def upgrade() -> None:
    cancel_duplicate_open_requests()

    # Batch mode, because SQLite can neither add a foreign key nor change a CHECK
    # constraint in place, so Alembic copies the table there.
    with op.batch_alter_table("match_requests") as batch:
        batch.add_column(
            sa.Column(
                "source",
                sa.String(20),
                nullable=False,
                server_default="mentee_choice",
            )
        )
        batch.add_column(sa.Column("score", sa.Float(), nullable=True))
        batch.add_column(
            sa.Column(
                "reasons", sa.JSON(), nullable=False, server_default=sa.text("'[]'")
            )
        )
        batch.add_column(sa.Column("decided_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("decided_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("ended_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("ended_by", sa.String(20), nullable=True))
        batch.add_column(sa.Column("end_reason", sa.Text(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_match_requests_decided_by_coordinators"),
            "coordinators",
            ["decided_by"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.drop_constraint(op.f(OLD_STATUS_CHECK), type_="check")
        batch.create_check_constraint(
            op.f("ck_match_requests_status"),
            "status IN ('pending', 'approved', 'declined', 'cancelled', 'ended')",
        )
        batch.create_check_constraint(
            op.f("ck_match_requests_source"), "source IN ('mentee_choice', 'cohort')"
        )

    op.create_index(
        "uq_match_requests_open_sender",
        "match_requests",
        ["sender_id"],
        unique=True,
        sqlite_where=sa.text(OPEN_STATUSES),
        postgresql_where=sa.text(OPEN_STATUSES),
    )


def cancel_duplicate_open_requests() -> None:
    """Cancel all but the newest open request of each sender.

    Before this revision, choosing a mentor twice stored two pending requests, and the
    unique index below would reject such a table.
    """
    op.execute(
        sa.text(
            "UPDATE match_requests SET status = 'cancelled', "
            "reason = 'Replaced by a newer request of the same mentee.' "
            f"WHERE {OPEN_STATUSES} AND id NOT IN ("
            "  SELECT MAX(id) FROM match_requests"
            f"  WHERE {OPEN_STATUSES} GROUP BY sender_id)"
        )
    )


def downgrade() -> None:
    op.drop_index("uq_match_requests_open_sender", table_name="match_requests")
    op.execute(
        sa.text("UPDATE match_requests SET status = 'cancelled' WHERE status = 'ended'")
    )
    with op.batch_alter_table("match_requests") as batch:
        batch.drop_constraint(op.f("ck_match_requests_source"), type_="check")
        batch.drop_constraint(op.f("ck_match_requests_status"), type_="check")
        batch.create_check_constraint(
            op.f(OLD_STATUS_CHECK),
            "status IN ('pending', 'approved', 'declined', 'cancelled')",
        )
        batch.drop_constraint(
            op.f("fk_match_requests_decided_by_coordinators"), type_="foreignkey"
        )
        for column in (
            "end_reason",
            "ended_by",
            "ended_at",
            "decided_by",
            "decided_at",
            "reasons",
            "score",
            "source",
        ):
            batch.drop_column(column)
