"""Receipt PDF speed (DESIGN.md section 8: under 15 ms each).

    python bench/bench_receipt.py [--count 300]

Renders ``count`` A5 receipts (Mẫu 01, lookup QR and VietQR payment QR, distinct codes so
that no cache of a previous code helps), then as many 80 mm thermal receipts, each timed on
its own after one warm-up render (fonts registered, layouts loaded). Prints on its last
line: receipt_pdf_p50=.. ms receipt_pdf_p95=.. ms thermal_p50=.. ms
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.docs import render_form  # noqa: E402
from app.domain.dossier import (  # noqa: E402
    VN_TZ,
    ApplicantInfo,
    DocumentLine,
    DossierId,
    DossierRecord,
    FeeItem,
    HistoryEntry,
    ProcessingTime,
    Status,
)
from tests.helpers.records import make_agency, make_record  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Thị", "Văn", "Quốc", "Minh", "Ngọc", "Thu", "Đức", "Hữu", "Thanh"]
GIVEN = ["Hằng", "Việt", "An", "Bích", "Phúc", "Châu", "Dũng", "Hương", "Khôi", "Tuấn", "Yến"]
STREETS = ["Lạc Long Quân", "Âu Cơ", "Xuân Diệu", "Tô Ngọc Vân", "Thụy Khuê", "Võ Chí Công"]
PROCEDURES = [
    ("1.001193", "Đăng ký khai sinh", "Hộ tịch"),
    ("1.004227", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực"),
    ("1.000894", "Đăng ký kết hôn", "Hộ tịch"),
    ("2.000908", "Xác nhận thông tin hộ tịch", "Hộ tịch"),
]
PAPERS = [
    "Tờ khai theo mẫu quy định",
    "Giấy chứng sinh do cơ sở y tế cấp",
    "Giấy chứng nhận kết hôn của cha, mẹ",
    "Căn cước của người đi đăng ký (xuất trình)",
    "Văn bản ủy quyền có chứng thực (trường hợp ủy quyền thực hiện thủ tục)",
    "Giấy tờ chứng minh nơi cư trú",
]


def make_records(count: int, seed: int = 7) -> list[DossierRecord]:
    rng = random.Random(seed)
    agency = make_agency(payee=True)
    start = datetime(2025, 7, 15, 1, 0, tzinfo=UTC)
    records = []
    for i in range(count):
        received = start + timedelta(minutes=7 * i)
        code, name, field = rng.choice(PROCEDURES)
        papers = rng.sample(PAPERS, rng.randint(3, 6))
        fees = [FeeItem("Lệ phí " + name.lower(), rng.choice([8_000, 10_000, 20_000]))]
        if rng.random() < 0.5:
            fees.append(FeeItem("Phí cấp bản sao trích lục", rng.choice([8_000, 16_000])))
        address = (
            f"Số {rng.randint(1, 200)} ngõ {rng.randint(1, 300)} đường {rng.choice(STREETS)}, "
            f"tổ dân phố số {rng.randint(1, 40)}, phường Tây Hồ, thành phố Hà Nội"
        )
        records.append(
            make_record(
                id=DossierId(i + 1),
                code=f"000.00.01.H26-{received.astimezone(VN_TZ):%y%m%d}-{i + 1:04d}",
                agency=agency,
                procedure_code=code,
                procedure_name=name,
                field_name=field,
                applicant=ApplicantInfo(
                    full_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                    id_number=f"001{rng.randint(0, 999_999_999):09d}",
                    address=address,
                    phone=f"09{rng.randint(0, 99_999_999):08d}",
                    email=f"nguoidan{i}@example.vn" if rng.random() < 0.4 else "",
                ),
                received_at=received,
                appointment_at=received + timedelta(days=3),
                processing=ProcessingTime(3),
                documents=tuple(
                    DocumentLine(p, originals=rng.randint(0, 1), copies=rng.randint(0, 2))
                    for p in papers
                ),
                fees=tuple(fees),
                history=(HistoryEntry(received, None, Status.RECEIVED, "hang.nt"),),
                receiver_name="Đặng Quốc Việt",
                book_number=1,
                book_ordinal=i + 1,
            )
        )
    return records


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def timings(form: str, records: list[DossierRecord]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per render (CPU time shows what other processes on a
    busy machine add to the wall clock)."""
    wall, cpu = [], []
    for record in records:
        t, c = time.perf_counter(), time.thread_time()
        render_form(form, record)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.thread_time() - c) * 1000)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    args = parser.parse_args()
    records = make_records(args.count + 1)
    warm, records = records[0], records[1:]
    t = time.perf_counter()
    render_form("receipt", warm)
    render_form("thermal", warm)
    print(f"first render (fonts, layouts): {(time.perf_counter() - t) * 1000:.0f} ms")
    receipt, receipt_cpu = timings("receipt", records)
    thermal, thermal_cpu = timings("thermal", records)
    size = len(render_form("receipt", records[0]))
    print(f"{len(records)} receipts, {size // 1024} KB each")
    print(
        f"cpu time: receipt p50={pct(receipt_cpu, 0.5):.1f} ms p95={pct(receipt_cpu, 0.95):.1f} "
        f"ms, thermal p50={pct(thermal_cpu, 0.5):.1f} ms"
    )
    print(
        f"receipt_pdf_p50={pct(receipt, 0.5):.1f} ms receipt_pdf_p95={pct(receipt, 0.95):.1f} ms "
        f"thermal_p50={pct(thermal, 0.5):.1f} ms"
    )


if __name__ == "__main__":
    main()
