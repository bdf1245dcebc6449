"""Organisation applicants and supplement requests (issue 16).

- applicant, dossier: the applicant's kind (national LoaiDoiTuong, 1 citizen for every
  existing row) and the representative of an organisation; dossier.identity_source says
  whether the identity was read from the chip card's QR ("qr") or typed ("": every
  existing row, since that was never recorded).
- supplement_request: each request for a supplement (status 5) with its missing items,
  its completion, and the appointment before and after the wait. Dossiers already in
  status 5 get an open request from their latest move into 5 (its note as the text), so
  their completion is recorded when it comes.

Revision ID: 0010
Revises: 0007
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applicant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(
            sa.Column("representative", sa.String(length=200), server_default="", nullable=False)
        )
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("applicant_kind", sa.Integer(), server_default="1", nullable=False)
        )
        batch_op.add_column(
            sa.Column("representative", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("identity_source", sa.String(length=10), server_default="", nullable=False)
        )
    op.create_table(
        "supplement_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("requested_by", sa.String(length=60), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("completed_by", sa.String(length=60), nullable=False),
        sa.Column("due_before", sa.DateTime(), nullable=True),
        sa.Column("due_after", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossier.id"], name=op.f("fk_supplement_request_dossier_id_dossier")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplement_request")),
        sa.UniqueConstraint("uid", name=op.f("uq_supplement_request_uid")),
    )
    with op.batch_alter_table("supplement_request", schema=None) as batch_op:
        batch_op.create_index("ix_supplement_request_dossier_id", ["dossier_id"], unique=False)
    bind = op.get_bind()
    waiting = bind.execute(
        sa.text(
            "SELECT d.id, h.at, h.actor, h.note, d.appointment_at FROM dossier d "
            "JOIN status_history h ON h.id = (SELECT MAX(id) FROM status_history "
            "WHERE dossier_id = d.id AND to_status = 5) WHERE d.status = 5"
        )
    ).all()
    for dossier_id, at, actor, note, due in waiting:
        bind.execute(
            sa.text(
                "INSERT INTO supplement_request (uid, dossier_id, requested_at, requested_by, "
                "items, note, completed_by, due_before) "
                "VALUES (:uid, :d, :at, :by, '[]', :note, '', :due)"
            ),
            {
                "uid": str(uuid.uuid4()),
                "d": dossier_id,
                "at": at,
                "by": actor,
                "note": note or "",
                "due": due,
            },
        )


def downgrade() -> None:
    op.drop_table("supplement_request")
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_column("identity_source")
        batch_op.drop_column("representative")
        batch_op.drop_column("applicant_kind")
    with op.batch_alter_table("applicant", schema=None) as batch_op:
        batch_op.drop_column("representative")
        batch_op.drop_column("kind")
