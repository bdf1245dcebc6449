"""Fees paid: one row per payment of a charged fee line with its receipt (biên lai)
number, the voids of payments (never an edit), and the electronic-receipt requests with
the gateway's lookup code.

New tables only: no existing row is touched. The receipt series counter is a row of
code_sequence (key "BL<year>"), beside the dossier days.

Revision ID: 0011
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fee_payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("fee_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("fee_name", sa.String(length=300), nullable=False),
        sa.Column("fee_code", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("paid_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=60), nullable=False),
        sa.Column("collector_name", sa.String(length=200), nullable=False),
        sa.Column("payer_name", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("receipt_no", sa.String(length=8), nullable=False),
        sa.Column("receipt_symbol", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossier.id"], name=op.f("fk_fee_payment_dossier_id_dossier")
        ),
        sa.ForeignKeyConstraint(
            ["fee_id"], ["dossier_fee.id"], name=op.f("fk_fee_payment_fee_id_dossier_fee")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_payment")),
        sa.UniqueConstraint("uid", name=op.f("uq_fee_payment_uid")),
        sa.UniqueConstraint("fee_id", "round", name="uq_fee_payment_fee_round"),
        sa.UniqueConstraint("year", "receipt_no", name="uq_fee_payment_year_receipt"),
    )
    with op.batch_alter_table("fee_payment", schema=None) as batch_op:
        batch_op.create_index("ix_fee_payment_dossier_id", ["dossier_id"], unique=False)
        batch_op.create_index(
            "ix_fee_payment_paid_at", ["paid_at", "method", "amount"], unique=False
        )
    op.create_table(
        "fee_payment_void",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=60), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["fee_payment.id"],
            name=op.f("fk_fee_payment_void_payment_id_fee_payment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_payment_void")),
        sa.UniqueConstraint("payment_id", name=op.f("uq_fee_payment_void_payment_id")),
    )
    op.create_table(
        "ereceipt",
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("lookup_code", sa.String(length=40), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["fee_payment.id"], name=op.f("fk_ereceipt_payment_id_fee_payment")
        ),
        sa.PrimaryKeyConstraint("payment_id", name=op.f("pk_ereceipt")),
        sa.UniqueConstraint("event_id", name=op.f("uq_ereceipt_event_id")),
    )


def downgrade() -> None:
    op.drop_table("ereceipt")
    op.drop_table("fee_payment_void")
    op.drop_table("fee_payment")
