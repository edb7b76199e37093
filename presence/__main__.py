"""Command line: ``python -m presence validate [DATA_DIR]`` prints every data problem;
``python -m presence export OUTDIR [--data DATA_DIR]`` writes the data set as a Frictionless Data package.

validate: exit status 0 when the data is clean, 1 when any problem is found (CI runs it).
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
    export = commands.add_parser("export", help="write the data set as a Frictionless Data package")
    export.add_argument("out_dir", help="folder to write datapackage.json, the CSVs and the GeoJSON files to")
    export.add_argument("--data", dest="export_data", default=None,
                        help="data folder (default: data/ or $PRESENCE_DATA_DIR)")
    args = parser.parse_args(argv)
    if args.command == "export":
        from presence.package import write_package

        dataset = load_dataset(args.export_data or default_data_dir())
        written = write_package(dataset, args.out_dir)
        print(f"{args.out_dir}: {len(written)} files ({', '.join(p.name for p in written)})")
        if dataset.problems:
            print(f"{len(dataset.problems)} data problem(s): the rows concerned are left out "
                  "(python -m presence validate lists them)", file=sys.stderr)
        return 0

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
