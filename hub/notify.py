"""Messages to the citizen (issue 17): what the hub remembers of each dossier to tell its
events apart, and (below) the queue of messages and their delivery through a gateway."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.models import HubBase


class NoticeState(HubBase):
    """Per dossier: the first appointment the hub saw (a later one is an extension, the
    "late with a new date" event), the status and note last seen (the note of a back-office
    move, which the counter's snapshot does not carry yet), and the citizen's consent."""

    __tablename__ = "hub_notice_state"
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    first_appointment: Mapped[str] = mapped_column(String(14), default="")
    appointment: Mapped[str] = mapped_column(String(14), default="")
    status: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)
