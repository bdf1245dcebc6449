"""The receipt's QR opens the hub's status page: a counter enrolled with a real hub prints
``<hub URL>/tra-cuu?ma=<code>``, and that very address, once the dossier synced, answers
the citizen who gives the ID number the dossier was received with."""

from __future__ import annotations

import urllib.request
from pathlib import Path

from sync_helpers import HubProcess, bulk_receive
from test_forms import decode_qr_codes

from app.services.context import DeskContext
from app.services.dossiers import get_dossier
from app.services.printing import print_form
from app.services.sync import sync_once
from tests.helpers import citizen


def test_the_receipt_qr_opens_the_hubs_status_page(
    enrolled: tuple[DeskContext, HubProcess], tmp_path: Path
) -> None:
    ctx, hub = enrolled
    [code] = bulk_receive(ctx, 1)
    pdf = print_form(ctx, code=code, form="receipt", out=tmp_path / "receipt.pdf")
    (tmp_path / "qr").mkdir()
    target = f"{hub.url}/tra-cuu?ma={code}"
    assert target in decode_qr_codes(pdf.read_bytes(), tmp_path / "qr")
    assert sync_once(ctx).pushed == 1
    with urllib.request.urlopen(target, timeout=5) as resp:  # noqa: S310 (loopback)
        form = resp.read().decode("utf-8")
    assert f'value="{code}"' in form and 'name="so"' in form
    record = get_dossier(ctx, code=code)
    status, body, _ = citizen.post_lookup(hub.url, code, record.applicant.id_number)
    assert status == 200
    assert record.procedure_name in body and record.status.label_vi in body
    assert record.applicant.full_name not in body
