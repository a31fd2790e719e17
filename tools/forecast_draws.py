"""Write src/learnsync/forecast_draws.bin: the forecast's draws for its own seed and runs, kept
so that ``status`` reads them instead of calling the generator (``learnsync.kept_draws``).

    python tools/forecast_draws.py            # rewrite it
    python tools/forecast_draws.py --check    # exit 1 when it is not what the generator draws

tests/test_forecast.py holds the file equal to what ``forecast.encode_kept_draws`` makes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from learnsync.forecast import encode_kept_draws
from learnsync.kept_draws import KEPT_DRAWS


def main(argv: list[str]) -> int:
    expected = encode_kept_draws()
    path = Path(KEPT_DRAWS)
    if "--check" in argv:
        if not path.is_file() or path.read_bytes() != expected:
            print(f"{path} is stale: run python tools/forecast_draws.py", file=sys.stderr)
            return 1
        return 0
    path.write_bytes(expected)
    print(f"wrote {path} ({len(expected):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
