"""Counter identity: where the counter's slot came from.

- counter.slot_source: "hub" (assigned by the city hub at enrollment), "demo" (a demo point,
  never enrolled), "legacy" (set up before the hub assigned slots), or NULL (no slot yet:
  the counter issues no code until it is enrolled).

Existing counters become "legacy": they keep their slot and keep working as before; the hub
refuses another counter's events for a code it already holds, so a collision is seen, never
silent. The counter's stable device uid is a KeyValue row ("device.uid") made at its first
enrollment (an already enrolled counter adopts its hub device id), so it needs no column.

Revision ID: 0004_device_identity
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_device_identity"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("counter", schema=None) as batch_op:
        batch_op.add_column(sa.Column("slot_source", sa.String(length=8), nullable=True))
    op.execute("UPDATE counter SET slot_source = 'legacy'")


def downgrade() -> None:
    with op.batch_alter_table("counter", schema=None) as batch_op:
        batch_op.drop_column("slot_source")
