"""The citizen's consent to messages, recorded at intake (issue 17).

``dossier.notify_channels``: the channels the citizen wants messages by ("sms,zalo,email",
app.domain.notices); "" (every dossier received before) means none, so nobody who was
never asked gets a message.

Revision ID: 0012
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("notify_channels", sa.String(length=40), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_column("notify_channels")
