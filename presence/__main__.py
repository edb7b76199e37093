"""Command line: ``python -m presence validate [DATA_DIR]`` prints every data problem.

Exit status 0 when the data is clean, 1 when any problem is found (CI runs it).
"""
from __future__ import annotations

import argparse
import sys

from presence.dataset import default_data_dir, load_dataset


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m presence", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check every file in the data folder")
    validate.add_argument("data_dir", nargs="?", default=None,
                          help="data folder (default: data/ or $PRESENCE_DATA_DIR)")
    args = parser.parse_args(argv)

    data_dir = args.data_dir or default_data_dir()
    dataset = load_dataset(data_dir)
    for problem in dataset.problems:
        print(problem)
    counts = (f"{len(dataset.events)} events, {len(dataset.sites)} sites, {len(dataset.quotes)} quotes, "
              f"{len(dataset.phases)} phases, {len(dataset.sources)} sources")
    if dataset.problems:
        print(f"\n{len(dataset.problems)} problem(s) in {data_dir}; valid rows: {counts}", file=sys.stderr)
        return 1
    print(f"{data_dir}: OK ({counts}; cutoff {dataset.cutoff.date()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
