"""Our own bugs: logged with their traceback, shown in a dialog on the GUI thread only."""

from __future__ import annotations

import sys
import threading

from ui.errors import BugReporter, setup_logging, teardown_logging


def test_a_bug_is_logged_and_shown_with_the_log_path(qtbot, tmp_path):
    log_path, handler = setup_logging(tmp_path)
    assert log_path == tmp_path / "logs" / "motcua.log"
    bugs = BugReporter(log_path)
    bugs.install()
    try:
        assert sys.excepthook == bugs.excepthook
        try:
            raise KeyError("missing-thing")
        except KeyError as exc:
            with qtbot.waitSignal(bugs.reported, timeout=3000) as shown:
                sys.excepthook(type(exc), exc, exc.__traceback__)
        assert shown.args == [str(log_path)]
        text = log_path.read_text(encoding="utf-8")
        assert "Traceback" in text and "missing-thing" in text and "test_errors.py" in text
        assert bugs.dialog is not None and bugs.dialog.isVisible()
        assert str(log_path) in bugs.dialog.text()
        bugs.dialog.close()

        # From a worker thread: logged there, shown on the GUI thread.
        def crash() -> None:
            raise RuntimeError("from a thread")

        with qtbot.waitSignal(bugs.reported, timeout=3000):
            thread = threading.Thread(target=crash)
            thread.start()
            thread.join()
        assert "from a thread" in log_path.read_text(encoding="utf-8")
        assert bugs.count == 2
    finally:
        bugs.uninstall()
        teardown_logging(handler)
        if bugs.dialog is not None:
            bugs.dialog.close()
    assert sys.excepthook is not bugs.excepthook


def test_unwritable_data_dir_logs_elsewhere(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    log_path, handler = setup_logging(blocker)  # data dir is a file: logs/ cannot exist
    try:
        assert "motcua-logs" in str(log_path)
    finally:
        teardown_logging(handler)
