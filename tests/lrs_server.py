"""Run Ralph's LRS (the app `ralph runserver` serves) on loopback for the sync tests.

Ralph 5's file-system backend writes each batch as a new file and refuses a second write to the
same one ("already exists and overwrite is not allowed"), so an LRS on it takes one POST only.
This runner makes that backend append instead, then serves Ralph's own FastAPI app with uvicorn
in this one process (`runserver` would start a reloader that loses the change).

    python tests/lrs_server.py PORT DATA_DIR
"""

from __future__ import annotations

import sys


def main() -> None:
    port, data = int(sys.argv[1]), sys.argv[2]
    import os

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
