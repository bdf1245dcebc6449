"""The reference message gateway of the tests: a loopback HTTP server, run as its own
process, that records every request it gets and "sends" each message once per
idempotency key, as a real SMS / Zalo / email gateway with idempotency keys does.

    python tests/helpers/gateway.py --port P --log FILE [--fail N] [--hang N --hang-seconds S]

- every request is appended to FILE as one JSON line: {"n", "key", "channel", "to",
  "subject", "text", "answer"} where answer is "sent" (first time for its key),
  "duplicate" (the key was sent before), "500" or "hung";
- ``--fail N``: the first N requests are answered 500 and not sent;
- ``--hang N``: the first N requests are sent (accepted) but answered only after
  ``--hang-seconds``: longer than the hub's timeout, so the hub believes they failed.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--fail", type=int, default=0)
    p.add_argument("--hang", type=int, default=0)
    p.add_argument("--hang-seconds", type=float, default=3.0)
    args = p.parse_args()
    log = Path(args.log)
    lock = threading.Lock()
    state: dict[str, Any] = {"n": 0, "sent": set()}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802  (health: the test waits for it)
            self._answer(200, {"status": "ok"})

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            key = self.headers.get("Idempotency-Key") or body.get("idempotency_key", "")
            with lock:
                state["n"] += 1
                n = state["n"]
                if n <= args.fail:
                    answer = "500"
                elif key in state["sent"]:
                    answer = "duplicate"
                else:
                    state["sent"].add(key)
                    answer = "hung" if n <= args.fail + args.hang else "sent"
                line = {"n": n, "key": key, **{k: body.get(k) for k in ("channel", "to")}}
                line.update(subject=body.get("subject"), text=body.get("text"), answer=answer)
                with log.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps(line, ensure_ascii=False) + "\n")
            if answer == "500":
                self._answer(500, {"detail": "gateway error"})
                return
            if answer == "hung":
                time.sleep(args.hang_seconds)
            self._answer(200, {"id": f"msg-{n}", "status": answer})

        def _answer(self, status: int, obj: dict[str, Any]) -> None:
            data = json.dumps(obj).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # the hub gave up waiting (the "hung" case)

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
