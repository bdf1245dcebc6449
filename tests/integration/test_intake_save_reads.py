"""``intake --print receipt`` prints from the record it just saved: the dossier is not read
back and its receipt is rendered once (SQL counted on every engine, renders by wrapping
app.docs.render_form)."""

from __future__ import annotations

import json
import re

from sqlalchemy import Engine, event

from app import docs
from app.cli import main

_READ_BACK = re.compile(
    r"^\s*SELECT\b.*\bFROM dossier\b(?!_).*\bdossier\.(code|id) (=|IN)", re.IGNORECASE | re.DOTALL
)


def test_cli_intake_and_print_reads_nothing_back_and_renders_once(
    desk, monkeypatch, capsys, tmp_path
):
    read_backs: list[str] = []
    renders: list[str] = []

    def on_sql(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if _READ_BACK.search(statement):
            read_backs.append(statement)

    real = docs.render_form

    def render(key, record, **kwargs):  # type: ignore[no-untyped-def]
        renders.append(key)
        return real(key, record, **kwargs)

    monkeypatch.setattr(docs, "render_form", render)
    event.listen(Engine, "before_cursor_execute", on_sql)  # the CLI opens its own engines
    try:
        status = main(
            [
                "intake",
                "--procedure",
                "1.004222",
                "--name",
                "Lê Văn Tám",
                "--id-number",
                "001090012399",
                "--print",
                "receipt",
                "--out",
                str(tmp_path / "out"),
                "--json",
                "--data-dir",
                str(desk.data_dir),
            ]
        )
    finally:
        event.remove(Engine, "before_cursor_execute", on_sql)
    assert status == 0
    out = json.loads(capsys.readouterr().out)
    assert (len(read_backs), renders) == (0, ["receipt"]), read_backs
    code = out["code"]
    assert (tmp_path / "out" / f"{code}-receipt.pdf").stat().st_size > 0
    assert main(["show", code, "--json", "--data-dir", str(desk.data_dir)]) == 0
    assert json.loads(capsys.readouterr().out)["print_count"] == 1
