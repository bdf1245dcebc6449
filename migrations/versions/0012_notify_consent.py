"""The citizen's consent to messages, recorded at intake (issue 17).

``dossier.notify_channels``: the channels the citizen wants messages by ("sms,zalo,email",
app.domain.notices); "" (every dossier received before) means none, so nobody who was
never asked gets a message.

``dossier_notice``: the messages the hub delivered, pulled from its change feed and shown
in the dossier's history.

Revision ID: 0012
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("notify_channels", sa.String(length=40), nullable=False, server_default="")
        )
    op.create_table(
        "dossier_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossier.id"], name=op.f("fk_dossier_notice_dossier_id_dossier")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_notice")),
        sa.UniqueConstraint("seq", name=op.f("uq_dossier_notice_seq")),
    )
    with op.batch_alter_table("dossier_notice", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dossier_notice_dossier_id"), ["dossier_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("dossier_notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dossier_notice_dossier_id"))
    op.drop_table("dossier_notice")
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_column("notify_channels")
