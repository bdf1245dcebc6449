"""Mark the file as MotCua Desk's own, and keep the applicant as received on each dossier.

- ``PRAGMA application_id``: the file header says whose database this is, so a foreign
  SQLite file put in its place is refused instead of migrated (app/store/schema.py).
- dossier.old_id_number / birth_date / sex: the applicant's details as received with that
  dossier. They used to be read from the applicant row, which a later intake of the same
  person overwrites; existing dossiers take the applicant row's current values (the best
  there is).

Revision ID: 0005
Revises: 0004_device_identity
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.store.schema import APPLICATION_ID

revision = "0005"
down_revision = "0004_device_identity"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dossier") as batch:
        batch.add_column(sa.Column("old_id_number", sa.String(length=20), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("birth_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("sex", sa.String(length=10), nullable=False, server_default=""))
    op.execute(
        "UPDATE dossier SET "
        "old_id_number = COALESCE((SELECT a.old_id_number FROM applicant a "
        "WHERE a.id = dossier.applicant_id), ''), "
        "birth_date = (SELECT a.birth_date FROM applicant a WHERE a.id = dossier.applicant_id), "
        "sex = COALESCE((SELECT a.sex FROM applicant a WHERE a.id = dossier.applicant_id), '')"
    )
    op.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def downgrade() -> None:
    op.execute("PRAGMA application_id = 0")
    with op.batch_alter_table("dossier") as batch:
        batch.drop_column("sex")
        batch.drop_column("birth_date")
        batch.drop_column("old_id_number")
