"""A demo service point: agency, counters, users, catalog and past dossiers."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select

from app.domain.dossier import VN_TZ, Channel, Status
from app.domain.errors import DeskError
from app.domain.roles import Permission, Role
from app.services.catalog import all_procedures, seed_catalog
from app.services.context import DeskContext
from app.services.dossiers import ApplicantInput, advance_dossier, receive_dossier
from app.services.users import UserInfo, create_user
from app.store.models import Agency, Counter, KeyValue
from app.store.repositories import add_audit

DEMO_AGENCY = {
    "code": "000.00.31.H26",
    "name": "Ủy ban nhân dân phường Tây Hồ",
    "center_name": "Trung tâm Phục vụ hành chính công phường Tây Hồ",
    "place": "Hà Nội",
    "address": "Số 657 Lạc Long Quân, phường Tây Hồ, thành phố Hà Nội",
    "phone": "024 3753 1234",
    "lookup_url": "https://dichvucong.hanoi.gov.vn/tra-cuu",
    "bank_bin": "970415",
    "bank_account": "113000123456",
    "bank_account_name": "UBND PHUONG TAY HO",
}
DEMO_USERS = [
    ("canbo1", "Nguyễn Thị Hằng", Role.CLERK),
    ("canbo2", "Trần Văn Minh", Role.CLERK),
    ("tnv1", "Lê Thu Trang", Role.VOLUNTEER),
    ("buudien1", "Phạm Quốc Việt", Role.POST_AGENT),
    ("lanhdao", "Đặng Thị Thu Hà", Role.SUPERVISOR),
]
DEMO_PASSWORD = "matkhau123"
_FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
_MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Thanh", "Minh", "Ngọc", "Quốc", "Thu", "Bảo", "Gia"]
_GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hằng",
    "Hùng",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Việt",
    "Yến",
    "Ánh",
    "Đạt",
    "Ước",
]
_STREETS = [
    "Lạc Long Quân",
    "Âu Cơ",
    "Xuân Diệu",
    "Tô Ngọc Vân",
    "Quảng An",
    "Nhật Chiêu",
    "Đặng Thai Mai",
    "Thụy Khuê",
    "Yên Phụ",
    "Nghi Tàm",
]


@dataclass(frozen=True)
class DemoSummary:
    agency_code: str
    counter_slot: int
    users: tuple[str, ...]
    procedures: int
    dossiers: int


def random_person(rng: random.Random) -> ApplicantInput:
    name = f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"
    birth = datetime(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
    return ApplicantInput(
        full_name=name,
        id_number=f"001{rng.randrange(0, 10**9):09d}",
        birth_date=birth.date(),
        sex=rng.choice(["Nam", "Nữ"]),
        address=f"Số {rng.randrange(1, 300)} {rng.choice(_STREETS)}, phường Tây Hồ, thành phố Hà Nội",
        phone=f"09{rng.randrange(0, 10**8):08d}",
    )


def setup_service_point(
    ctx: DeskContext,
    *,
    agency: dict[str, str],
    slot: int,
    counter_name: str,
    demo: bool = True,
) -> None:
    """Create (or update) the agency and this machine's counter.

    A ``demo`` point numbers codes in ``slot`` but can never send them: enrolling a demo
    point that holds dossiers is refused (app.services.enrolment.enroll), and a point enrolled
    with the hub is never turned back into a demo one. Without ``demo`` the counter has no
    slot until the hub assigns one at enrollment, and issues no code before that."""
    ctx.actor.require(Permission.USERS)
    now = ctx.now()
    with ctx.db.session() as s:
        current = s.get(KeyValue, "counter_id")
        mine = s.get(Counter, int(current.value)) if current is not None else None
        # "sync.device_id": app.services.sync_status.K_DEVICE, set by an enrollment.
        if (mine is not None and mine.slot_source == "hub") or s.get(
            KeyValue, "sync.device_id"
        ) is not None:
            raise DeskError("setup.enrolled")
        a = s.scalar(select(Agency).where(Agency.code == agency["code"]))
        if a is None:
            a = Agency(code=agency["code"], name=agency["name"])
            s.add(a)
        for key, value in agency.items():
            setattr(a, key, value)
        s.flush()
        c = s.scalar(select(Counter).where(Counter.agency_id == a.id, Counter.slot == slot))
        if c is None:
            c = Counter(agency_id=a.id, slot=slot, name=counter_name)
            s.add(c)
        c.slot_source = "demo" if demo else None
        s.flush()
        row = s.get(KeyValue, "counter_id")
        if row is None:
            s.add(KeyValue(key="counter_id", value=str(c.id)))
        else:
            row.value = str(c.id)
        add_audit(
            s,
            at=now,
            actor=ctx.actor.username,
            action="setup",
            entity="counter",
            key=f"{a.code}#{slot}",
            detail={"name": counter_name},
        )
        s.commit()
    ctx.forget_setup()


def create_demo(
    ctx: DeskContext, *, dossiers: int = 300, seed: int = 2025, slot: int = 1
) -> DemoSummary:
    """Build the demo service point. Dossiers are spread over the last 60 days with the
    city's channel mix, and moved along their lifecycle as a real counter would."""
    setup_service_point(ctx, agency=DEMO_AGENCY, slot=slot, counter_name=f"Quầy số {slot}")
    procedures = seed_catalog(ctx)
    existing = {u.username for u in _users(ctx)}
    for username, full_name, role in DEMO_USERS:
        if username not in existing:
            create_user(
                ctx, username=username, full_name=full_name, role=role, password=DEMO_PASSWORD
            )
    rng = random.Random(seed)
    procs = all_procedures(ctx)
    clock_now = ctx.now()
    moment = [clock_now]
    sim = DeskContext(
        ctx.data_dir,
        ctx.db,
        lambda: moment[0],
        ctx.actor,
        password_work=ctx.password_work,
        activity=ctx.activity,
    )
    sim.forget_setup()
    cal = sim.calendar()
    start_day = clock_now.astimezone(VN_TZ).date() - timedelta(days=60)
    for i in range(dossiers):
        day = start_day + timedelta(days=int(60 * i / max(dossiers, 1)))
        while not cal.is_working_day(day):
            day += timedelta(days=1)
        at = datetime.combine(day, time(8, 0), VN_TZ) + timedelta(
            minutes=rng.randrange(0, 8 * 60 + 30)
        )
        if at > clock_now:
            at = clock_now - timedelta(minutes=5 * (dossiers - i))
        roll = rng.random()
        channel = (
            Channel.POST if roll < 0.0024 else Channel.DIRECT if roll < 0.4029 else Channel.ONLINE
        )
        moment[0] = at
        proc = rng.choice(procs)
        rec = receive_dossier(
            sim,
            procedure_code=proc.code,
            applicant=random_person(rng),
            channel=channel,
            received_at=at,
            assisted=channel == Channel.ONLINE and rng.random() < 0.3,
            post_receipt_no=f"RR{rng.randrange(10**8):08d}VN" if channel == Channel.POST else "",
        )
        _progress(sim, moment, rec.code, rec.appointment_at, at, clock_now, rng)
    return DemoSummary(
        DEMO_AGENCY["code"], slot, tuple(u for u, _, _ in DEMO_USERS), procedures, dossiers
    )


def _progress(
    sim: DeskContext,
    moment: list[datetime],
    code: str,
    due: datetime | None,
    at: datetime,
    now: datetime,
    rng: random.Random,
) -> None:
    age = now - at
    if age < timedelta(hours=2):
        return
    target = due or at + timedelta(days=3)
    moment[0] = min(at + timedelta(hours=1), now)
    advance_dossier(sim, code=code, to=Status.PROCESSING, note="Chuyển phòng chuyên môn")
    fate = rng.random()
    if fate < 0.03:
        moment[0] = min(at + timedelta(hours=3), now)
        advance_dossier(sim, code=code, to=Status.SUPPLEMENT, note="Thiếu bản sao giấy khai sinh")
        return
    finish = (
        target - timedelta(hours=rng.randrange(0, 30))
        if fate < 0.985
        else target + timedelta(days=2)
    )
    finish = max(finish, at + timedelta(hours=2))
    if finish >= now:
        return
    moment[0] = finish
    advance_dossier(sim, code=code, to=Status.RESOLVED, note="Đã có kết quả")
    if finish + timedelta(days=1) < now and rng.random() < 0.8:
        moment[0] = finish + timedelta(days=1)
        advance_dossier(sim, code=code, to=Status.RETURNED, note="Đã trả kết quả cho công dân")


def _users(ctx: DeskContext) -> list[UserInfo]:
    from app.services.users import list_users

    return list_users(ctx)
