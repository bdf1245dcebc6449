"""PySide6 6.12 on CPython 3.11 drops a reference to None on every void call (and to True
on Signal.emit) until the interpreter aborts with none_dealloc. pyproject.toml pins
PySide6 below 6.12; this test fails loudly if a leaking build is ever installed."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget


class _Emitter(QObject):
    fired = Signal()


def test_void_calls_and_emits_keep_singleton_references(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    emitter = _Emitter()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(500):
        w.resize(100 + i % 3, 100)
        w.setEnabled(True)
        emitter.fired.emit()
    # A little slack for unrelated objects created meanwhile; the bug loses 500+.
    assert sys.getrefcount(None) - none_before > -50
    assert sys.getrefcount(True) - true_before > -50
