"""Results of a dossier and their hand-over (issue 15).

- dossier_result: one row per result (DanhSachGiayToKetQua): name, MaKetQua, số ký hiệu,
  issuing body, signer, signing date, and its file by sha256 (the bytes in the
  content-addressed store, or still to be fetched from the hub: fetch_error says why not).
- result_handover: who received the result (the applicant, an authorised person with ID
  number, or the post with its batch), the originals given back, and when.

New tables only: no existing row is touched.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dossier_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("so_ky_hieu", sa.String(length=60), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("signer", sa.String(length=120), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("hub_seq", sa.Integer(), nullable=True),
        sa.Column("fetch_error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossier.id"], name=op.f("fk_dossier_result_dossier_id_dossier")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_result")),
        sa.UniqueConstraint("uid", name=op.f("uq_dossier_result_uid")),
        sa.UniqueConstraint("dossier_id", "sha256", name="uq_dossier_result_dossier_sha"),
    )
    with op.batch_alter_table("dossier_result", schema=None) as batch_op:
        batch_op.create_index("ix_dossier_result_dossier_id", ["dossier_id"], unique=False)
        batch_op.create_index("ix_dossier_result_sha256", ["sha256"], unique=False)
    op.create_table(
        "result_handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("recipient_kind", sa.String(length=12), nullable=False),
        sa.Column("recipient_name", sa.String(length=200), nullable=False),
        sa.Column("recipient_id", sa.String(length=20), nullable=False),
        sa.Column("post_batch", sa.String(length=100), nullable=False),
        sa.Column("originals", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossier.id"], name=op.f("fk_result_handover_dossier_id_dossier")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result_handover")),
        sa.UniqueConstraint("dossier_id", name=op.f("uq_result_handover_dossier_id")),
    )


def downgrade() -> None:
    op.drop_table("result_handover")
    op.drop_table("dossier_result")
