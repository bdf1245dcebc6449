"""The citizen's satisfaction rating at the counter: its levels, the criteria of the national
satisfaction survey, the reasons of a "not satisfied", and the checks every side runs.

The three answers are those of the national survey (RẤT HÀI LÒNG / HÀI LÒNG / KHÔNG HÀI
LÒNG). The criteria are the nine indices of the survey of Circular 01/2018/TT-VPCP plus
convenience and an overall rating, as TD's counter asks them (reference/digitisation.md
section 5); the reasons a citizen may give for a "not satisfied" are the same criteria, so
the supervisor reads the unhappy answers in the survey's own terms.

Pure: the counter's services, its screens and the hub (through app.sync.protocol) use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum
from typing import Any

from app.domain.errors import DeskError


class Level(IntEnum):
    """The three answers; the numbers are the keys of the keypad."""

    VERY_SATISFIED = 1
    SATISFIED = 2
    UNHAPPY = 3

    @property
    def satisfied(self) -> bool:
        return self is not Level.UNHAPPY


#: (Vietnamese, English) of each answer: the one list the screens, CLI and reports show.
LEVEL_LABELS: Mapping[Level, tuple[str, str]] = {
    Level.VERY_SATISFIED: ("Rất hài lòng", "Very satisfied"),
    Level.SATISFIED: ("Hài lòng", "Satisfied"),
    Level.UNHAPPY: ("Không hài lòng", "Not satisfied"),
}


class Occasion(StrEnum):
    """When the citizen was asked: after the dossier was received, or after its result was
    handed over (status 10)."""

    INTAKE = "intake"
    HANDOVER = "handover"


@dataclass(frozen=True)
class Criterion:
    key: str
    vi: str
    en: str


#: The criteria of the national survey, in its order, then the two TD adds.
CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "total_time", "Tổng thời gian giải quyết so với quy định", "Total time against the limit"
    ),
    Criterion(
        "unit_time", "Thời gian của từng cơ quan tham gia giải quyết", "Time at each body involved"
    ),
    Criterion(
        "contacts",
        "Số lần phải liên hệ để hoàn thiện hồ sơ",
        "Times contacted to complete the dossier",
    ),
    Criterion(
        "bodies",
        "Số cơ quan phải liên hệ để hoàn thiện hồ sơ",
        "Bodies contacted to complete the dossier",
    ),
    Criterion(
        "one_stop",
        "Tiếp nhận, trả kết quả tại Bộ phận Một cửa",
        "Reception and return at the one-stop desk",
    ),
    Criterion("publicity", "Công khai thủ tục hành chính", "Publicity of the procedure"),
    Criterion("attitude", "Thái độ của cán bộ, công chức", "Attitude of the staff"),
    Criterion(
        "feedback",
        "Tiếp thu, giải trình phản ánh, kiến nghị",
        "Handling of complaints and suggestions",
    ),
    Criterion("online", "Dịch vụ công trực tuyến", "Online public service"),
    Criterion("convenience", "Sự thuận tiện", "Convenience"),
    Criterion("overall", "Đánh giá chung", "Overall"),
)
CRITERIA_KEYS = frozenset(c.key for c in CRITERIA)
#: A reason outside the criteria: the clerk writes what the citizen says.
OTHER_REASON = "other"
REASON_KEYS = CRITERIA_KEYS | {OTHER_REASON}
OTHER_LABEL = ("Lý do khác", "Another reason")

#: How long a prompt waits for the citizen's first answer; then it closes and records
#: nothing (the citizen walked away). Long enough to read the question and press.
PROMPT_TIMEOUT = timedelta(seconds=60)
#: A result handed over longer ago than this is not asked about any more (the citizen is
#: gone): a status 10 that reaches the counter later (a sync, an edit) asks nothing.
HANDOVER_PROMPT_WINDOW = timedelta(minutes=10)
MAX_NOTE = 500


def citizen_present(occasion: Occasion, *, channel: int, result_delivery: str) -> bool:
    """Whether the citizen stands at the counter on this occasion, so may be asked: a
    dossier received by the public post, or a result sent by post, has nobody to ask."""
    if occasion is Occasion.INTAKE:
        return channel == 1  # KenhThucHien 1: direct, at the counter
    return result_delivery != "post"


def reason_label(key: str, lang: str = "vi") -> str:
    for c in CRITERIA:
        if c.key == key:
            return c.vi if lang == "vi" else c.en
    if key == OTHER_REASON:
        return OTHER_LABEL[0] if lang == "vi" else OTHER_LABEL[1]
    return key


def level_label(level: Level, lang: str = "vi") -> str:
    vi, en = LEVEL_LABELS[level]
    return vi if lang == "vi" else en


@dataclass(frozen=True)
class RatingAnswer:
    """What the citizen answered, checked."""

    level: Level
    reason: str = ""
    note: str = ""
    criteria: Mapping[str, Level] = field(default_factory=dict)


def check_answer(
    level: int | str,
    *,
    reason: str = "",
    note: str = "",
    criteria: Mapping[str, int] | None = None,
) -> RatingAnswer:
    """The answer as stored, or DeskError: a level of 1-3, a reason only for a "not
    satisfied" (a known one, or "other" with the citizen's words), criteria of known keys."""
    try:
        lv = Level(int(level))
    except (TypeError, ValueError):
        raise DeskError("rating.level", value=str(level)) from None
    reason = reason.strip()
    note = " ".join(note.split())
    if len(note) > MAX_NOTE:
        raise DeskError("rating.note_long", limit=MAX_NOTE)
    if lv is Level.UNHAPPY:
        if reason and reason not in REASON_KEYS:
            raise DeskError("rating.reason", value=reason)
        if reason == OTHER_REASON and not note:
            raise DeskError("rating.other_note")
    elif reason:
        raise DeskError("rating.reason_not_unhappy")
    checked: dict[str, Level] = {}
    for key, value in (criteria or {}).items():
        if key not in CRITERIA_KEYS:
            raise DeskError("rating.criterion", value=key)
        try:
            checked[key] = Level(int(value))
        except (TypeError, ValueError):
            raise DeskError("rating.level", value=str(value)) from None
    return RatingAnswer(lv, reason, note, checked)


@dataclass(frozen=True)
class RatingRecord:
    """One stored rating, frozen for the screens and the CLI (no citizen data in it but the
    dossier's code)."""

    id: int
    prompt_id: str
    dossier_code: str
    occasion: Occasion
    level: Level
    reason: str
    note: str
    criteria: Mapping[str, Level]
    clerk: str
    clerk_name: str
    counter_name: str
    rated_at: datetime
    handled_at: datetime | None = None
    handled_by: str = ""
    handled_note: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "prompt_id": self.prompt_id,
            "dossier_code": self.dossier_code,
            "occasion": self.occasion.value,
            "level": int(self.level),
            "level_label": level_label(self.level),
            "reason": self.reason,
            "reason_label": reason_label(self.reason) if self.reason else "",
            "note": self.note,
            "criteria": {k: int(v) for k, v in self.criteria.items()},
            "clerk": self.clerk,
            "clerk_name": self.clerk_name,
            "counter": self.counter_name,
            "rated_at": self.rated_at.isoformat(),
            "handled_at": self.handled_at.isoformat() if self.handled_at else None,
            "handled_by": self.handled_by,
            "handled_note": self.handled_note,
        }


@dataclass(frozen=True)
class RatingCounts:
    """Ratings given in a period: how many of each answer and the share satisfied."""

    very_satisfied: int = 0
    satisfied: int = 0
    unhappy: int = 0
    unhappy_open: int = 0  # not yet marked handled by a supervisor

    @property
    def total(self) -> int:
        return self.very_satisfied + self.satisfied + self.unhappy

    @property
    def satisfied_share(self) -> float | None:
        """(very satisfied + satisfied) / all; None (N/A) with no rating."""
        if not self.total:
            return None
        return (self.very_satisfied + self.satisfied) / self.total

    def as_json(self) -> dict[str, Any]:
        share = self.satisfied_share
        return {
            "very_satisfied": self.very_satisfied,
            "satisfied": self.satisfied,
            "unhappy": self.unhappy,
            "unhappy_open": self.unhappy_open,
            "total": self.total,
            "satisfied_share": None if share is None else round(share, 4),
        }


# --- the wire: what the counter sends the hub (app.sync.protocol checks it) ---------------


def rating_wire(record: RatingRecord, *, rated_at: str, handled_at: str = "") -> dict[str, Any]:
    """The ``rating`` object of a ``rating.record`` event; the times in wire time. The
    supervisor's handling, once recorded, travels as a later version of the same rating."""
    handled = (
        {
            "ThoiDiemXuLy": handled_at,
            "NguoiXuLy": record.handled_by,
            "KetQuaXuLy": record.handled_note,
        }
        if record.handled_at is not None
        else {}
    )
    return {
        **handled,
        "MaHoSo": record.dossier_code,
        "MaDanhGia": record.prompt_id,
        "Dip": record.occasion.value,
        "MucDo": int(record.level),
        "LyDo": record.reason,
        "GhiChu": record.note,
        "TieuChi": {k: int(v) for k, v in sorted(record.criteria.items())},
        "CanBo": record.clerk,
        "TenCanBo": record.clerk_name,
        "Quay": record.counter_name,
        "ThoiDiem": rated_at,
    }


def wire_problem(rating: Any, code: str) -> str | None:
    """What is wrong with a ``rating`` object from the wire, or None when it is sound."""
    if not isinstance(rating, dict):
        return "payload.rating is not an object"
    if rating.get("MaHoSo") != code:
        return "payload.rating.MaHoSo differs from dossier_code"
    uid = rating.get("MaDanhGia")
    if not isinstance(uid, str) or not 1 <= len(uid) <= 36:
        return "payload.rating.MaDanhGia is not an id"
    if rating.get("Dip") not in {o.value for o in Occasion}:
        return "payload.rating.Dip is not intake or handover"
    level = rating.get("MucDo")
    if type(level) is not int or level not in Level._value2member_map_:
        return "payload.rating.MucDo is not 1, 2 or 3"
    for name, cap in (
        ("LyDo", 40),
        ("ThoiDiemXuLy", 14),
        ("NguoiXuLy", 60),
        ("KetQuaXuLy", MAX_NOTE),
        ("GhiChu", MAX_NOTE),
        ("CanBo", 60),
        ("TenCanBo", 200),
        ("Quay", 200),
        ("ThoiDiem", 14),
    ):
        value = rating.get(name, "")
        if not isinstance(value, str) or len(value) > cap or "\x00" in value:
            return f"payload.rating.{name} is not a text of at most {cap} characters"
    if rating.get("LyDo") and rating.get("LyDo") not in REASON_KEYS:
        return "payload.rating.LyDo is not a known reason"
    criteria = rating.get("TieuChi", {})
    if not isinstance(criteria, dict) or len(criteria) > len(CRITERIA):
        return "payload.rating.TieuChi is not an object of criteria"
    for key, value in criteria.items():
        if (
            key not in CRITERIA_KEYS
            or type(value) is not int
            or value not in Level._value2member_map_
        ):
            return "payload.rating.TieuChi holds an unknown criterion or level"
    if len(rating) > 20:
        return "payload.rating has too many fields"
    return None
