"""The 766 scorecard's indexes: a partial index of the dossiers whose identity came from the
chip card's QR (indicator 4.5), by reception time, so that a year's count is an index
range, not a lookup of every dossier row; and a covering index of the files per dossier
(component, reused, from the national store: 4.2-4.5) so that they are counted without
reading the file rows.

Indexes only: no row is touched.

Revision ID: 0015
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.create_index(
            "ix_dossier_identity_qr",
            ["received_at", "applicant_kind"],
            unique=False,
            sqlite_where=sa.text("identity_source = 'qr'"),
        )
    with op.batch_alter_table("dossier_file", schema=None) as batch_op:
        batch_op.create_index(
            "ix_dossier_file_index766",
            ["dossier_id", "document_id", "reused", "from_national"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("dossier_file", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_file_index766")
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_identity_qr")
