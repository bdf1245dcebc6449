"""Store early / on time / late when a dossier finishes, and cover the report index.

The report compared dates with SQLite's date() per row, which cost ~130 ms a month on a
million dossiers; the result is a fact fixed at the moment of finishing, so it is stored.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BACKFILL = """
UPDATE dossier SET timeliness = CASE
  WHEN appointment_at IS NULL THEN 2
  WHEN date(finished_at, '+7 hours') < date(appointment_at, '+7 hours') THEN 1
  WHEN date(finished_at, '+7 hours') = date(appointment_at, '+7 hours') THEN 2
  ELSE 3 END
WHERE finished_at IS NOT NULL
"""


def upgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timeliness", sa.Integer(), nullable=True))
    op.execute(BACKFILL)
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_received")
        batch_op.create_index(
            "ix_dossier_received", ["received_at", "channel", "status", "assisted", "timeliness"]
        )


def downgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_received")
        batch_op.create_index(
            "ix_dossier_received",
            ["received_at", "channel", "status", "appointment_at", "finished_at"],
        )
        batch_op.drop_column("timeliness")
