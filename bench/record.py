"""Write a named block into bench/results.md (and the README), leaving the rest of the file alone.

bench/run.py rewrites bench/results.md from the top and keeps everything from SERVING on; the serving
figures (bench/ws_load.py, bench/slow_network.py) live there, each between its own markers.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
SERVING = "<!-- serving:start -->"
SERVING_HEAD = (SERVING + "\n\n# Serving: deploy/serve (nginx and replicas)\n\nRecorded by bench/ws_load.py and "
                "bench/slow_network.py, each in its own block; bench/run.py keeps this part when it rewrites "
                "the file.\n")


def replace_block(name: str, text: str, path: Path = RESULTS) -> None:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    content = path.read_text() if path.exists() else ""
    if SERVING not in content:
        content = content.rstrip("\n") + "\n\n" + SERVING_HEAD
    block = f"{start}\n{text.strip()}\n{end}"
    if start in content and end in content:
        head, rest = content.split(start, 1)
        _, tail = rest.split(end, 1)
        content = head + block + tail
    else:
        content = content.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(content)
