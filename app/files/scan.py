"""Scanner sources behind one interface: SANE through its ``scanimage`` program on Linux
(tested against SANE's own ``test`` backend), WIA/TWAIN through pytwain on Windows (written,
NOT tested here). A scan is blocking: the UI runs it in its worker thread and passes a
progress callback and a cancel event. Pages arrive as PNG files in a folder the caller owns;
whatever was scanned before a failure, an unplugged cable or a cancel is kept and returned."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from app.domain.errors import DeskError

Progress = Callable[[int, float], None]  # (page number from 1, percent of that page)


@dataclass(frozen=True)
class ScanRequest:
    device: str = ""  # "" = the first device found
    pages: int = 1  # 0 = until the feeder is empty
    dpi: int = 200
    colour: bool = False
    options: tuple[str, ...] = ()  # extra backend options, e.g. ("--source", "ADF")


@dataclass
class ScanResult:
    pages: list[Path] = field(default_factory=list)
    cancelled: bool = False
    error: DeskError | None = None


class Scanner(Protocol):
    def devices(self) -> list[str]: ...

    def scan(
        self,
        request: ScanRequest,
        out_dir: Path,
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> ScanResult: ...


def _complete_pages(out_dir: Path) -> list[Path]:
    """The pages fully written (scanimage writes ``.part`` and renames when a page ends) and
    readable; a torn last page is dropped, never handed on."""
    from PIL import Image

    good = []
    for p in sorted(out_dir.glob("page-*.png")):
        try:
            with Image.open(p) as im:
                im.load()
        except (OSError, SyntaxError, ValueError):
            continue
        good.append(p)
    return good


class SaneScanner:
    """SANE through ``scanimage`` (package sane-utils). ``program`` may point elsewhere."""

    def __init__(self, program: str = "scanimage") -> None:
        self.program = program

    def _exe(self) -> str:
        exe = shutil.which(self.program)
        if exe is None:
            raise DeskError(
                "scan.unavailable", detail="chưa cài SANE (gói sane-utils) / SANE is not installed"
            )
        return exe

    def devices(self) -> list[str]:
        out = subprocess.run(
            [self._exe(), "-f", "%d%n"], capture_output=True, text=True, timeout=60, check=False
        )
        return [line.strip() for line in out.stdout.splitlines() if line.strip()]

    def scan(
        self,
        request: ScanRequest,
        out_dir: Path,
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> ScanResult:
        exe = self._exe()
        device = request.device or next(iter(self.devices()), "")
        if not device:
            raise DeskError("scan.unavailable", detail="không tìm thấy máy quét / no scanner found")
        out_dir.mkdir(parents=True, exist_ok=True)
        start = len(list(out_dir.glob("page-*.png")))
        cmd = [
            exe,
            "-d",
            device,
            "--format=png",
            f"--resolution={request.dpi}",
            "--mode",
            "Color" if request.colour else "Gray",
            "-p",
            f"--batch={out_dir / 'page-%04d.png'}",
            f"--batch-start={start + 1}",
        ]
        if request.pages:
            cmd.append(f"--batch-count={request.pages}")
        cmd += list(request.options)
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        cancelled = False
        watcher: threading.Thread | None = None
        if cancel is not None:

            def watch() -> None:
                nonlocal cancelled
                while proc.poll() is None:
                    if cancel.wait(0.05):
                        cancelled = True
                        proc.terminate()
                        return

            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()
        try:
            tail = self._read_progress(proc, start, progress)
            code = proc.wait()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            assert proc.stderr is not None
            proc.stderr.close()
        if watcher is not None:
            watcher.join()
        result = ScanResult(_complete_pages(out_dir)[start:], cancelled=cancelled)
        for part in out_dir.glob("*.part"):
            part.unlink(missing_ok=True)
        if cancelled:
            result.error = DeskError("scan.cancelled", kept=len(result.pages))
        elif code != 0:
            detail = _last_line(tail)
            if not result.pages and ("open of device" in tail or "Invalid argument" in tail):
                result.error = DeskError("scan.unavailable", detail=detail)
            elif "Document feeder out of documents" in tail and result.pages:
                result.error = None  # the feeder emptied: a normal end of a batch
            else:
                result.error = DeskError("scan.failed", detail=detail, kept=len(result.pages))
        return result

    @staticmethod
    def _read_progress(proc: subprocess.Popen[bytes], start: int, progress: Progress | None) -> str:
        assert proc.stderr is not None
        page = start + 1
        text: list[str] = []
        token = b""
        while chunk := proc.stderr.read1(4096):  # type: ignore[attr-defined]  # a BufferedReader at run time (typed IO[bytes])
            token += chunk
            while True:
                cut = min((i for i in (token.find(b"%"), token.find(b"\n")) if i >= 0), default=-1)
                if cut < 0:
                    break
                piece, token = token[: cut + 1].decode("utf-8", "replace"), token[cut + 1 :]
                text.append(piece)
                if "Scanning page" in piece:
                    try:
                        page = int(piece.split("Scanning page", 1)[1].strip().split()[0])
                    except (ValueError, IndexError):
                        pass
                if progress is not None and "Progress:" in piece:
                    try:
                        pct = float(piece.rsplit("Progress:", 1)[1].strip().rstrip("%"))
                    except ValueError:
                        continue
                    progress(page - start, pct)
        text.append(token.decode("utf-8", "replace"))
        return "".join(text)


def _last_line(text: str) -> str:
    lines = [
        line.strip()
        for line in text.replace("%", "%\n").splitlines()
        if line.strip() and not line.strip().startswith("Progress:")
    ]
    said = [line for line in lines if line.startswith("scanimage:")]  # the program's own error
    # Its cause, not what it did about it afterwards ("trying to stop scanner" may follow).
    causes = [line for line in said if "error" in line.lower() or "i/o" in line.lower()]
    return ((causes or said or lines)[-1] if lines else "lỗi không rõ / unknown error")[:200]


class TwainScanner:
    """Windows: WIA/TWAIN through pytwain (``pip install pytwain``). Written to the same
    interface as SaneScanner but NOT TESTED on this project's machines (README says so)."""

    def devices(self) -> list[str]:
        twain = self._twain()
        sm = twain.SourceManager(0)
        try:
            return list(sm.source_list)
        finally:
            sm.close()

    @staticmethod
    def _twain() -> Any:
        try:
            import twain  # type: ignore[import-not-found]  # pytwain: Windows only, optional
        except ImportError:
            raise DeskError(
                "scan.unavailable", detail="chưa cài pytwain / pytwain is not installed"
            ) from None
        return twain

    def scan(
        self,
        request: ScanRequest,
        out_dir: Path,
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> ScanResult:
        twain = self._twain()
        out_dir.mkdir(parents=True, exist_ok=True)
        result = ScanResult()
        sm = twain.SourceManager(0)
        try:
            src = sm.open_source(request.device or None)
            src.set_capability(twain.ICAP_XRESOLUTION, twain.TWTY_FIX32, float(request.dpi))
            src.set_capability(twain.ICAP_YRESOLUTION, twain.TWTY_FIX32, float(request.dpi))
            src.set_capability(
                twain.ICAP_PIXELTYPE,
                twain.TWTY_UINT16,
                twain.TWPT_RGB if request.colour else twain.TWPT_GRAY,
            )
            src.request_acquire(0, 0)
            n = len(list(out_dir.glob("page-*.png")))
            while not request.pages or len(result.pages) < request.pages:
                if cancel is not None and cancel.is_set():
                    result.cancelled = True
                    result.error = DeskError("scan.cancelled", kept=len(result.pages))
                    break
                handle, more = src.xfer_image_natively()
                bmp = out_dir / f"page-{n + 1:04d}.bmp"
                twain.dib_to_bm_file(handle, str(bmp))
                twain.global_handle_free(handle)
                from PIL import Image

                page = out_dir / f"page-{n + 1:04d}.png"
                Image.open(bmp).save(page)
                bmp.unlink()
                n += 1
                result.pages.append(page)
                if progress is not None:
                    progress(len(result.pages), 100.0)
                if not more:
                    break
        except DeskError:
            raise
        except Exception as exc:  # the TWAIN layer raises its own exception types
            result.error = DeskError("scan.failed", detail=str(exc)[:200], kept=len(result.pages))
        finally:
            sm.close()
        return result


def default_scanner() -> Scanner:
    if sys.platform == "win32":
        return TwainScanner()
    return SaneScanner(os.environ.get("MOTCUA_SCANIMAGE", "scanimage"))
