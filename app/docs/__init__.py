"""Printed forms of a dossier (Circular 03/2025/TT-VPCP annex I) as PDF bytes.

The services layer and the CLI call only what is exported here (the post's hand-over
list too: app/docs/handover_list.py). Layouts live in
``resources/forms/*.json``; the fonts are the Noto Sans files in ``resources/fonts``.
"""

from app.docs.book import render_tracking_book
from app.docs.certification import render_certification_stamp
from app.docs.fee_receipt import render_fee_receipt
from app.docs.forms import FORMS, form_title, render_form
from app.docs.handover_list import render_handover_list
from app.docs.result_receipt import render_result_receipt

__all__ = [
    "FORMS",
    "form_title",
    "render_certification_stamp",
    "render_fee_receipt",
    "render_form",
    "render_handover_list",
    "render_result_receipt",
    "render_tracking_book",
]
