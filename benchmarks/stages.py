"""Where a command's instructions go, region by region: ``learnsync ARGS`` under valgrind's
callgrind, with the counts dumped before and after each named function.

    python benchmarks/stages.py --wrap learnsync.progress:progress_at \\
        --wrap learnsync.store.database:_PlanCache.plan -- done task-700 --learner learner-42

prints one line a region ("before progress_at", "progress_at", ...): the instructions executed
since the line before. Counts are exact and the same from run to run (``PYTHONHASHSEED=0``),
which wall time on a shared machine is not. The functions named are imported before the
command runs, so their modules' import lands in "imports", not where the command imports them.
Needs valgrind, its ``callgrind.h`` and a C compiler (a small library turns a dump request into
the client request callgrind listens for). Run it twice after changing the code: a first run
also compiles the changed modules.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

MARK_C = """#include <valgrind/callgrind.h>
void mark(const char *name) { CALLGRIND_DUMP_STATS_AT(name); }
"""

DRIVER = """
import ctypes, functools, gc, importlib, sys
_lib = ctypes.CDLL(sys.argv[1])
def mark(name):
    _lib.mark(name.encode())
gc.disable()
import learnsync.cli
mark("import learnsync.cli")
def wrap(target):
    module_name, _, path = target.partition(":")
    owner = importlib.import_module(module_name)
    *parents, name = path.split(".")
    for parent in parents:
        owner = getattr(owner, parent)
    function = getattr(owner, name)
    @functools.wraps(function)
    def wrapped(*args, **kwargs):
        mark(f"before {path}")
        try:
            return function(*args, **kwargs)
        finally:
            mark(path)
    setattr(owner, name, wrapped)
for target in filter(None, sys.argv[2].split(",")):
    wrap(target)
mark("imports")
sys.argv = ["learnsync", *sys.argv[3:]]
try:
    learnsync.cli.main()
except SystemExit:
    pass
mark("command")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wrap", action="append", default=[], metavar="MODULE:FUNCTION")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    command = options.command[1:] if options.command[:1] == ["--"] else options.command
    work = Path(tempfile.mkdtemp(prefix="learnsync-stages-"))
    (work / "mark.c").write_text(MARK_C)
    library = work / "libmark.so"
    subprocess.run(
        ["cc", "-shared", "-fPIC", "-O2", "-o", str(library), str(work / "mark.c")], check=True
    )
    (work / "driver.py").write_text(DRIVER)
    environment = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        "PYTHONHASHSEED": "0",
    }
    subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={work}/cg.%p",
            sys.executable,
            str(work / "driver.py"),
            str(library),
            ",".join(options.wrap),
            *command,
        ],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    regions = []
    for dump in work.glob("cg.*"):
        text = dump.read_text(errors="replace")
        trigger = re.search(r"^desc: Trigger: (.*)$", text, re.M)
        total = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
        part = re.search(r"^part: (\d+)", text, re.M)
        if trigger and total:
            name = trigger.group(1).replace("Client Request: ", "")
            regions.append((int(part.group(1)) if part else 0, name, int(total.group(1))))
    regions.sort(key=lambda region: (region[0] == 0, region[0]))  # the final dump is part 0
    everything = sum(count for _, _, count in regions)
    for _, name, count in regions:
        print(f"{count / 1e6:9.2f}M  {name}")
    print(f"{everything / 1e6:9.2f}M  in all")


if __name__ == "__main__":
    main()
