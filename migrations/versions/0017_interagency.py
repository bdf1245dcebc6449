"""Receiving for another competent body (issue 18, app.domain.interagency).

- agency: ``kind`` and ``catalog_updated_at``, for the rows the hub's agency catalog brings
  (the other communes and city bodies a dossier may be received for).
- agency_calendar_day: those bodies' calendar overrides, cached for offline appointments.
- dossier: the competent agency (NULL: the receiving agency), the arrangement's state,
  where the citizen collects the result, when the body took it and sent the result back;
  a partial index of the routed ones by reception time (the report's tables by body).
- handover_batch: ``kind`` ("post" or "agency"), the body it goes to and the courier.
- handover_item: a dossier travels in one batch *of each kind* (was: one batch at all).

Existing rows keep their meaning through the server defaults: every dossier is its own
agency's (route_state 0), every batch and item is a post one.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=10), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("catalog_updated_at", sa.DateTime(), nullable=True))
    op.create_table(
        "agency_calendar_day",
        sa.Column("agency_code", sa.String(length=35), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("agency_code", "day", name=op.f("pk_agency_calendar_day")),
    )
    # Plain ADD COLUMNs (no table rebuild): the dossier table may hold a million rows.
    op.add_column("dossier", sa.Column("competent_agency_id", sa.Integer(), nullable=True))
    op.add_column(
        "dossier", sa.Column("route_state", sa.Integer(), server_default="0", nullable=False)
    )
    op.add_column(
        "dossier",
        sa.Column("return_place", sa.String(length=10), server_default="", nullable=False),
    )
    op.add_column("dossier", sa.Column("route_taken_at", sa.DateTime(), nullable=True))
    op.add_column("dossier", sa.Column("route_back_at", sa.DateTime(), nullable=True))
    # The report's tables by body read these rows only; an index of no row until the first
    # dossier is received for (or from) another body.
    op.create_index(
        "ix_dossier_routed",
        "dossier",
        ["received_at"],
        unique=False,
        sqlite_where=sa.text("competent_agency_id IS NOT NULL"),
    )
    with op.batch_alter_table("handover_batch", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=10), server_default="post", nullable=False)
        )
        batch_op.add_column(
            sa.Column("to_agency_code", sa.String(length=35), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("courier_name", sa.String(length=200), server_default="", nullable=False)
        )
    with op.batch_alter_table("handover_item", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=10), server_default="post", nullable=False)
        )
        batch_op.drop_constraint("uq_handover_item_dossier_id", type_="unique")
        batch_op.create_unique_constraint("uq_handover_item_kind", ["kind", "dossier_id"])


def downgrade() -> None:
    with op.batch_alter_table("handover_item", schema=None) as batch_op:
        batch_op.drop_constraint("uq_handover_item_kind", type_="unique")
        batch_op.create_unique_constraint("uq_handover_item_dossier_id", ["dossier_id"])
        batch_op.drop_column("kind")
    for column in ("courier_name", "to_agency_code", "kind"):
        op.drop_column("handover_batch", column)
    op.drop_index("ix_dossier_routed", table_name="dossier")
    # Plain DROP COLUMNs (SQLite 3.35+): a batch rebuild of the dossier table would lose
    # 0016's generated columns and the triggers that keep its flags.
    for column in (
        "route_back_at",
        "route_taken_at",
        "return_place",
        "route_state",
        "competent_agency_id",
    ):
        op.drop_column("dossier", column)
    op.drop_table("agency_calendar_day")
    # Plain DROP COLUMNs: rebuilding agency (every dossier refers to it) would break the
    # foreign keys while the old table is dropped.
    op.drop_column("agency", "catalog_updated_at")
    op.drop_column("agency", "kind")
