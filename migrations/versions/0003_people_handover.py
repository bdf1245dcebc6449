"""People, post hand-over batches, volunteer records, and the report's covering index.

- handover_batch / handover_item: dossiers accepted at a post office, grouped into a batch
  the commune receives by scanning its QR code; the post acceptance time is kept per item.
- assisted_submission: citizens a volunteer helped to submit online (no official receipt).
- ix_dossier_report: the monthly report's one range scan covers procedure, receiver,
  payment and due dates as well as channel, status, assisted and timeliness.

New tables and one new index only: no existing row is touched.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

REPORT_INDEX = [
    "received_at", "channel", "status", "assisted", "timeliness", "procedure_id", "receiver_id",
    "paid_online", "fee_total", "appointment_at", "extended_appointment_at",
]


def upgrade() -> None:
    op.create_table(
        "handover_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.String(length=60), nullable=False),
        sa.Column("agency_code", sa.String(length=35), nullable=False),
        sa.Column("day", sa.String(length=6), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("agent", sa.String(length=60), nullable=False),
        sa.Column("agent_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=True),
        sa.Column("received_by", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover_batch")),
        sa.UniqueConstraint("agency_code", "day", "slot", "seq", name="uq_handover_batch_sequence"),
        sa.UniqueConstraint("batch_id", name=op.f("uq_handover_batch_batch_id")),
    )
    op.create_table(
        "handover_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handover_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("dossier_code", sa.String(length=60), nullable=False),
        sa.Column("post_accepted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"],
                                name=op.f("fk_handover_item_dossier_id_dossier")),
        sa.ForeignKeyConstraint(["handover_id"], ["handover_batch.id"],
                                name=op.f("fk_handover_item_handover_id_handover_batch")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover_item")),
        sa.UniqueConstraint("dossier_id", name=op.f("uq_handover_item_dossier_id")),
    )
    with op.batch_alter_table("handover_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handover_item_handover_id"), ["handover_id"],
                              unique=False)

    op.create_table(
        "assisted_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("volunteer", sa.String(length=60), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=True),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("online_code", sa.String(length=60), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("citizen_id", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["procedure_id"], ["procedure.id"],
                                name=op.f("fk_assisted_submission_procedure_id_procedure")),
        sa.ForeignKeyConstraint(["volunteer_id"], ["user_account.id"],
                                name=op.f("fk_assisted_submission_volunteer_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assisted_submission")),
    )
    with op.batch_alter_table("assisted_submission", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assisted_submission_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_assisted_submission_online_code"), ["online_code"],
                              unique=False)

    # CREATE INDEX only (batch mode does not copy the table for it): a few seconds on a
    # million dossiers.
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.create_index("ix_dossier_report", REPORT_INDEX, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_report")
    with op.batch_alter_table("assisted_submission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assisted_submission_online_code"))
        batch_op.drop_index(batch_op.f("ix_assisted_submission_at"))
    op.drop_table("assisted_submission")
    with op.batch_alter_table("handover_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handover_item_handover_id"))
    op.drop_table("handover_item")
    op.drop_table("handover_batch")
