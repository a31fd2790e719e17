"""Run Ralph's LRS (the app `ralph runserver` serves) on loopback for the sync tests.

Ralph 5's file-system backend writes each batch as a new file and refuses a second write to the
same one ("already exists and overwrite is not allowed"), so an LRS on it takes one POST only.
This runner makes that backend append instead, then serves Ralph's own FastAPI app with uvicorn
in this one process (`runserver` would start a reloader that loses the change).

    python tests/lrs_server.py PORT DATA_DIR

`running_lrs(home)` does the whole dance for the tests and the benchmarks: credentials for user
`lead` (password `secret`) made with `ralph auth`, the server started on a free loopback port,
waited for, and stopped afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

USER = "lead"
PASSWORD = "secret"


class LrsUnavailable(Exception):
    """Ralph is not installed, or its server did not start."""


def ralph_executable() -> str | None:
    beside = Path(sys.executable).parent / "ralph"
    return str(beside) if beside.exists() else shutil.which("ralph")


@contextmanager
def running_lrs(home: Path) -> Iterator[str]:
    """Ralph's LRS on loopback with its data under ``home``; yields its xAPI URL."""
    executable = ralph_executable()
    if executable is None:
        raise LrsUnavailable("ralph (ralph-malph with its cli and lrs extras) is not installed")
    (home / "app").mkdir(parents=True, exist_ok=True)
    (home / "data").mkdir(exist_ok=True)
    environment = {
        **os.environ,
        "RALPH_APP_DIR": str(home / "app"),
        "RALPH_AUTH_FILE": str(home / "app" / "auth.json"),
        "RALPH_RUNSERVER_BACKEND": "fs",
    }
    credentials = [
        "-u",
        USER,
        "-p",
        PASSWORD,
        "-s",
        "all",
        "-M",
        f"mailto:{USER}@example.org",
        "-w",
    ]
    subprocess.run(
        [executable, "auth", *credentials], env=environment, check=True, capture_output=True
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    log = home / "server.log"
    server = subprocess.Popen(
        [sys.executable, __file__, str(port), str(home / "data")],
        env=environment,
        cwd=home,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/__heartbeat__", timeout=1)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise LrsUnavailable(
                        "Ralph's LRS did not start: " + log.read_text()[-2000:]
                    ) from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/xAPI/"
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    port, data = int(sys.argv[1]), sys.argv[2]
    os.environ.setdefault("RALPH_RUNSERVER_BACKEND", "fs")
    os.environ["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = data
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.data.fs import FSDataBackend

    FSDataBackend.default_operation_type = BaseOperationType.APPEND
    original = FSDataBackend._write_bytes

    def append(self, data, target, chunk_size, ignore_errors, operation_type):  # type: ignore[no-untyped-def]
        if operation_type in (BaseOperationType.CREATE, BaseOperationType.INDEX):
            operation_type = BaseOperationType.APPEND
        return original(self, data, target, chunk_size, ignore_errors, operation_type)

    FSDataBackend._write_bytes = append  # type: ignore[method-assign]
    import uvicorn

    uvicorn.run("ralph.api:app", host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
