"""Create the mentor, intake, match, handoff and coordinator tables.

Revision ID: 0001
Revises:
Create Date: 2026-12-04

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_mentor_table()
    create_intake_and_match_tables()
    create_handoff_tables()
    create_coordinator_tables()


def create_mentor_table() -> None:
    op.create_table(
        "mentors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("program", sa.String(50), nullable=False),
        sa.Column("graduation_year", sa.Integer(), nullable=True),
        sa.Column("support_areas", sa.JSON(), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("meeting_modes", sa.JSON(), nullable=False),
        sa.Column("availability", sa.JSON(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("background", sa.Text(), nullable=False),
        sa.Column("bio", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('current_student', 'alumni')", name="ck_mentors_status"
        ),
        sa.CheckConstraint("capacity >= 0", name="ck_mentors_capacity"),
        sa.PrimaryKeyConstraint("id", name="pk_mentors"),
        sa.UniqueConstraint("email", name="uq_mentors_email"),
    )


def create_intake_and_match_tables() -> None:
    op.create_table(
        "intakes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("preferred_name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("program", sa.String(50), nullable=False),
        sa.Column("student_status", sa.String(20), nullable=False),
        sa.Column("support_areas", sa.JSON(), nullable=False),
        sa.Column("meeting_modes", sa.JSON(), nullable=False),
        sa.Column("availability", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("background", sa.JSON(), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("most_important", sa.String(100), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_intakes"),
    )
    op.create_index("ix_intakes_sender_id", "intakes", ["sender_id"])

    op.create_table(
        "match_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("intake_id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'declined', 'cancelled')",
            name="ck_match_requests_status",
        ),
        sa.ForeignKeyConstraint(
            ["intake_id"],
            ["intakes.id"],
            name="fk_match_requests_intake_id_intakes",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["mentors.id"],
            name="fk_match_requests_mentor_id_mentors",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_match_requests"),
    )
    op.create_index("ix_match_requests_sender_id", "match_requests", ["sender_id"])
    op.create_index("ix_match_requests_mentor_id", "match_requests", ["mentor_id"])


def create_handoff_tables() -> None:
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("category", sa.String(30), nullable=False),
        sa.Column("priority", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("intake_id", sa.Integer(), nullable=True),
        sa.Column("notices", sa.JSON(), nullable=False),
        sa.Column("resources", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "priority IN ('urgent', 'high', 'normal')", name="ck_handoffs_priority"
        ),
        sa.CheckConstraint(
            "status IN ('open', 'claimed', 'resolved')", name="ck_handoffs_status"
        ),
        sa.ForeignKeyConstraint(
            ["intake_id"], ["intakes.id"], name="fk_handoffs_intake_id_intakes"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_handoffs"),
    )
    op.create_index("ix_handoffs_sender_id", "handoffs", ["sender_id"])

    op.create_table(
        "transcript_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sender", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("timestamp", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "sender IN ('user', 'bot', 'coordinator')",
            name="ck_transcript_entries_sender",
        ),
        sa.ForeignKeyConstraint(
            ["handoff_id"],
            ["handoffs.id"],
            name="fk_transcript_entries_handoff_id_handoffs",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_transcript_entries"),
        sa.UniqueConstraint(
            "handoff_id", "position", name="uq_transcript_entries_position"
        ),
    )


def create_coordinator_tables() -> None:
    op.create_table(
        "coordinators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_coordinators"),
        sa.UniqueConstraint("email", name="uq_coordinators_email"),
    )
    op.create_table(
        "coordinator_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("coordinator_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coordinator_id"],
            ["coordinators.id"],
            name="fk_coordinator_tokens_coordinator_id_coordinators",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_coordinator_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_coordinator_tokens_token_hash"),
    )
    op.create_index(
        "ix_coordinator_tokens_coordinator_id",
        "coordinator_tokens",
        ["coordinator_id"],
    )


def downgrade() -> None:
    op.drop_table("coordinator_tokens")
    op.drop_table("coordinators")
    op.drop_table("transcript_entries")
    op.drop_table("handoffs")
    op.drop_table("match_requests")
    op.drop_table("intakes")
    op.drop_table("mentors")
