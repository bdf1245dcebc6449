"""Search keys for the queue's one box: the given name and the last digits of an ID.

``dossier.name_key`` holds the folded name last word first ('an van nguyen') and
``dossier.id_key`` the ID number reversed, each indexed, so that "van an" or "2345" is one
index range instead of a scan of every dossier (app/domain/lookup.py). Existing rows are
filled in here, in batches (about 10 s for a million dossiers).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.domain.lookup import id_key, name_key

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 20_000


def upgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_key", sa.String(length=200), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("id_key", sa.String(length=20), nullable=False,
                                      server_default=""))
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(sa.text(
            "SELECT id, applicant_name, id_number FROM dossier WHERE id > :last ORDER BY id "
            "LIMIT :n"), {"last": last, "n": BATCH}).fetchall()
        if not rows:
            break
        bind.execute(sa.text("UPDATE dossier SET name_key = :nk, id_key = :ik WHERE id = :id"),
                     [{"nk": name_key(r[1]), "ik": id_key(r[2]), "id": r[0]} for r in rows])
        last = rows[-1][0]
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.create_index("ix_dossier_name_key", ["name_key"], unique=False)
        batch_op.create_index("ix_dossier_id_key", ["id_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_id_key")
        batch_op.drop_index("ix_dossier_name_key")
        batch_op.drop_column("id_key")
        batch_op.drop_column("name_key")
