"""The hand-over list between bodies on the CLI (issue 18): ``handover create --to AGENCY
--courier NAME [CODE...]`` makes one at the receiving point, ``handover receive --payload``
with an MCBA1 payload receives it at the competent body, ``handover list --agency`` shows
them. The post's ``handover`` parser (app.cli.people) calls these when given those options."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import desk_context, emit, vn
from app.domain.handover import HandoverBatch


def batch_text(batch: HandoverBatch) -> str:
    state = (
        f"đã tiếp nhận lúc {vn(batch.received_at)} ({batch.received_by})"
        if batch.received
        else "chờ cơ quan có thẩm quyền tiếp nhận"
    )
    lines = [
        f"Danh sách {batch.batch_id} gửi {batch.to_agency_name or batch.to_agency_code} "
        f"({batch.to_agency_code}): {len(batch.lines)} hồ sơ, người chuyển "
        f"{batch.courier_name or '—'}, {state}"
    ]
    lines += [f"  {line.code}  {line.applicant_name}" for line in batch.lines]
    return "\n".join(lines)


def cmd_create(args: argparse.Namespace) -> int:
    from app.services.agency_handover import create_agency_handover, pending_for_agency
    from app.services.post import handover_payload, print_handover

    ctx = desk_context(args)
    batch = create_agency_handover(
        ctx, to_agency=args.to, courier=args.courier or "", codes=args.codes or None
    )
    path = print_handover(ctx, batch_id=batch.batch_id, out=Path(args.out) if args.out else None)
    payload = handover_payload(batch)
    left = len(pending_for_agency(ctx, to_agency=args.to))
    more = f"\nCòn {left} hồ sơ chờ chuyển: lập thêm danh sách." if left else ""
    emit(
        args,
        {
            "batch_id": batch.batch_id,
            "kind": batch.kind,
            "to_agency": batch.to_agency_code,
            "courier": batch.courier_name,
            "count": len(batch.lines),
            "codes": list(batch.codes),
            "payload": payload,
            "file": str(path),
            "still_waiting": left,
        },
        f"{batch_text(batch)}\nĐã in danh sách ra tệp {path}\nNội dung mã QR: {payload}{more}",
    )
    return 0


def cmd_receive(args: argparse.Namespace, payload: str) -> int:
    from app.services.agency_handover import receive_agency_handover

    r = receive_agency_handover(desk_context(args), payload=payload)
    lines = [
        f"Danh sách {r.batch_id} của {r.from_agency_name or r.from_agency} (gửi lúc {vn(r.sent_at)}): đã tiếp nhận "
        f"{len(r.taken)} hồ sơ lúc {vn(r.scanned_at)}"
    ]
    lines += [f"  {code}  đã tiếp nhận" for code in r.taken]
    lines += [f"  {code}  đã tiếp nhận trước đó" for code in r.taken_before]
    lines += [f"  {code}  CHƯA CÓ tại quầy này" for code in r.missing]
    if r.missing:
        lines.append(
            f"Còn {len(r.missing)} hồ sơ chưa về quầy này: hãy đồng bộ dữ liệu rồi quét lại "
            "danh sách này; chỉ những hồ sơ còn thiếu được tiếp nhận."
        )
    emit(args, {**r.__dict__, "complete": r.complete}, "\n".join(lines))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from app.services.agency_handover import list_agency_handovers

    batches = list_agency_handovers(
        desk_context(args), received=False if args.pending else None, limit=args.limit
    )
    emit(args, batches, "\n".join(batch_text(b) for b in batches) or "Chưa có danh sách nào.")
    return 0
