"""Digitised documents: the content-addressed store's rows and the files attached to a
dossier's components (the national record's TaiLieuNop).

- stored_file: one row per sha256 held in <data>/files/, written after its bytes are durable;
  hub_acked_at once the city hub holds the bytes.
- dossier_file: a file attached to one dossier_document, with the flags DuocSoHoa,
  DuocTaiSuDung and DuocLayTuKhoDMQG.

New tables only: no existing row is touched.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stored_file",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("mime", sa.String(length=60), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("hub_acked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_stored_file")),
    )
    op.create_table(
        "dossier_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("digitised", sa.Boolean(), nullable=False),
        sa.Column("reused", sa.Boolean(), nullable=False),
        sa.Column("from_national", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"],
                                name=op.f("fk_dossier_file_dossier_id_dossier")),
        sa.ForeignKeyConstraint(["document_id"], ["dossier_document.id"],
                                name=op.f("fk_dossier_file_document_id_dossier_document")),
        sa.ForeignKeyConstraint(["sha256"], ["stored_file.sha256"],
                                name=op.f("fk_dossier_file_sha256_stored_file")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_file")),
        sa.UniqueConstraint("uid", name=op.f("uq_dossier_file_uid")),
        sa.UniqueConstraint("document_id", "sha256", name="uq_dossier_file_document_sha"),
    )
    with op.batch_alter_table("dossier_file", schema=None) as batch_op:
        batch_op.create_index("ix_dossier_file_dossier_id", ["dossier_id"], unique=False)
        batch_op.create_index("ix_dossier_file_sha256", ["sha256"], unique=False)


def downgrade() -> None:
    op.drop_table("dossier_file")
    op.drop_table("stored_file")
