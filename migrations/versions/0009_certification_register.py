"""The electronic certification register: one row per certified electronic copy from the
original, numbered in a yearly series per agency (each counter slot its own block of
numbers, as dossier codes; the counter itself is a code_sequence row keyed "CTyyyy").

A new table only: no existing row is touched.

Revision ID: 0009
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certification_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_code", sa.String(length=35), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("book", sa.String(length=40), nullable=False),
        sa.Column("certified_at", sa.DateTime(), nullable=False),
        sa.Column("officer", sa.String(length=120), nullable=False),
        sa.Column("agency_name", sa.String(length=255), nullable=False),
        sa.Column("sources", sa.String(length=2000), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("signer", sa.String(length=255), nullable=False),
        sa.Column("created_by", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["stored_file.sha256"],
                                name=op.f("fk_certification_entry_sha256_stored_file")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certification_entry")),
        sa.UniqueConstraint("agency_code", "year", "number",
                            name="uq_certification_entry_number"),
    )


def downgrade() -> None:
    op.drop_table("certification_entry")
