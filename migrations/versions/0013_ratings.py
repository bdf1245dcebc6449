"""Satisfaction ratings at the counter: one row per prompt answered, with the dossier, the
clerk and the counter; a "not satisfied" carries its reason and the supervisor's handling.

A new table only: no existing row is touched.

Revision ID: 0013
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prompt_id", sa.String(length=36), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("occasion", sa.String(length=10), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        sa.Column("clerk_id", sa.Integer(), nullable=True),
        sa.Column("clerk", sa.String(length=60), nullable=False),
        sa.Column("clerk_name", sa.String(length=200), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=False),
        sa.Column("rated_at", sa.DateTime(), nullable=False),
        sa.Column("handled_at", sa.DateTime(), nullable=True),
        sa.Column("handled_by", sa.String(length=60), nullable=False),
        sa.Column("handled_note", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossier.id"], name=op.f("fk_rating_dossier_id_dossier")
        ),
        sa.ForeignKeyConstraint(
            ["clerk_id"], ["user_account.id"], name=op.f("fk_rating_clerk_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counter.id"], name=op.f("fk_rating_counter_id_counter")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating")),
        sa.UniqueConstraint("prompt_id", name=op.f("uq_rating_prompt_id")),
        sa.UniqueConstraint("dossier_id", "occasion", name="uq_rating_dossier_occasion"),
    )
    with op.batch_alter_table("rating", schema=None) as batch_op:
        batch_op.create_index("ix_rating_rated_at", ["rated_at", "level"], unique=False)


def downgrade() -> None:
    op.drop_table("rating")
