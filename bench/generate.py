"""Write a synthetic, schema-valid copy of the data at N times the shipped size (scale mode).

    .venv/bin/python bench/generate.py --scale 100 [--out bench/_scale/x100] [--seed 7] [--no-validate]

How the rows are made (every generated folder passes ``python -m presence validate``):

- events, sites and quotes: the shipped rows, plus N-1 replicas of each with new unique ids
  (``<id>-r<k>``); each replica's date is moved by a random shift of up to +/-365 days, kept inside the
  data's own span (earliest shipped date .. latest shipped date, so never after the cutoff or today) and
  written at the row's own precision (YYYY, YYYY-MM or YYYY-MM-DD; events keep ``date_precision``
  matching). A site's first and last report move by the same shift, so their order holds.
- coordinates: the real coordinates +/- 0.15 degree where that stays inside the country's outline
  (presence.geo.point_in_country, the validator's rule), else the real coordinates; Russia-side rows
  are clamped inside its box in presence/countries.py BBOXES (rows without coordinates keep none).
- a handed-over site's replica names the replica of its successor.
- quotes: a replica keeps its statement grouping (``statement_id`` gets the same suffix) and its
  ``event_id`` points at the replica of that event.
- replicas carry no ``milestone`` label (milestones are hand-picked headlines, they do not grow with
  the data); sources.csv, phases.csv, metadata.json and boundaries.geojson are copied unchanged
  (replicas cite the shipped sources).

bench/_scale/ is gitignored. The benchmark (bench/run.py) calls ``generate`` itself.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from presence.countries import BBOXES  # noqa: E402
from presence.dates import parse_partial_date  # noqa: E402
from presence.geo import point_in_country  # noqa: E402
import json  # noqa: E402

OUTLINES = {f["properties"]["iso3"]: f
            for f in json.loads((ROOT / "data" / "boundaries.geojson").read_text(encoding="utf-8"))["features"]}

DATA = ROOT / "data"
SCALE_DIR = ROOT / "bench" / "_scale"
MAX_SHIFT_DAYS = 365
COORD_JITTER = 0.15
COPIED = ("sources.csv", "phases.csv", "metadata.json", "boundaries.geojson", "corrections.csv", "story.csv")


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def new_id(old: str, k: int) -> str:
    """A unique id for replica k (ids are at most 80 characters)."""
    suffix = f"-r{k}"
    return old[: 80 - len(suffix)] + suffix


def _format(day: dt.date, precision: str) -> str:
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


class Shifter:
    """Random date shifts that keep partial dates inside [first, last]."""

    def __init__(self, first: dt.date, last: dt.date, rng: random.Random):
        self.first, self.last, self.rng = first, last, rng

    def fits(self, value: str, days: int) -> bool:
        parsed = parse_partial_date(value)
        day = parsed.start + dt.timedelta(days=days)
        shifted = parse_partial_date(_format(day, parsed.precision))
        return self.first <= shifted.start and shifted.start <= self.last

    def shift(self, value: str, days: int) -> str:
        parsed = parse_partial_date(value)
        return _format(parsed.start + dt.timedelta(days=days), parsed.precision)

    def pick(self, *values: str) -> int:
        """A shift that keeps every given date inside the span (0 if none is found)."""
        for _ in range(50):
            days = self.rng.randint(-MAX_SHIFT_DAYS, MAX_SHIFT_DAYS)
            if all(self.fits(v, days) for v in values if v):
                return days
        return 0


def _jitter(row: dict, rng: random.Random) -> None:
    if row.get("lat", "") == "" or row.get("lon", "") == "":
        return
    lat, lon = float(row["lat"]), float(row["lon"])
    # Rounded as written, before the check: rounding after it could carry a point past the tolerance.
    moved_lat = round(lat + rng.uniform(-COORD_JITTER, COORD_JITTER), 4)
    moved_lon = round(lon + rng.uniform(-COORD_JITTER, COORD_JITTER), 4)
    outline = OUTLINES.get(row["country"])
    if outline is not None:
        if point_in_country(moved_lon, moved_lat, outline):
            lat, lon = moved_lat, moved_lon
    elif (box := BBOXES.get(row["country"])):
        lat, lon = moved_lat, moved_lon
        min_lon, min_lat, max_lon, max_lat = box
        lat = min(max(lat, min_lat), max_lat)
        lon = min(max(lon, min_lon), max_lon)
    row["lat"], row["lon"] = f"{lat:.4f}", f"{lon:.4f}"


def _span(tables: dict[str, list[dict]]) -> tuple[dt.date, dt.date]:
    values = ([r["date"] for r in tables["events"]] + [r["date"] for r in tables["quotes"]]
              + [r["first_reported"] for r in tables["sites"]] + [r["last_reported"] for r in tables["sites"]])
    parsed = [parse_partial_date(v) for v in values if v]
    first = min(p.start for p in parsed)
    last = min(max(p.start for p in parsed), dt.date.today())
    return first, last


def generate(scale: int, out: Path, seed: int = 7, data_dir: Path = DATA) -> Path:
    """Write data at ``scale`` times the shipped size into ``out`` and return it."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    headers, tables = {}, {}
    for name in ("events", "sites", "quotes"):
        headers[name], tables[name] = _read(data_dir / f"{name}.csv")
    shifter = Shifter(*_span(tables), rng)

    events, sites, quotes = list(tables["events"]), list(tables["sites"]), list(tables["quotes"])
    for k in range(1, scale):
        for row in tables["events"]:
            new = dict(row, event_id=new_id(row["event_id"], k), milestone="")
            new["date"] = shifter.shift(row["date"], shifter.pick(row["date"]))
            # A copy is no report about the original's presences (its date moved; the validator holds a
            # linked presence's last report to the events linked to it).
            if "site_ids" in new:
                new["site_ids"] = ""
            _jitter(new, rng)
            events.append(new)
        for row in tables["sites"]:
            new = dict(row, site_id=new_id(row["site_id"], k))
            if row.get("successor_id"):
                new["successor_id"] = new_id(row["successor_id"], k)
            days = shifter.pick(row["first_reported"], row["last_reported"])
            new["first_reported"] = shifter.shift(row["first_reported"], days)
            new["last_reported"] = shifter.shift(row["last_reported"], days)
            if parse_partial_date(new["last_reported"]).end < parse_partial_date(new["first_reported"]).start:
                # A month-precision last report can land in the month before a day-precision first one.
                new["last_reported"] = new["first_reported"]
            _jitter(new, rng)
            sites.append(new)
        for row in tables["quotes"]:
            new = dict(row, quote_id=new_id(row["quote_id"], k))
            if row.get("statement_id"):
                new["statement_id"] = new_id(row["statement_id"], k)
            if row.get("event_id"):
                new["event_id"] = new_id(row["event_id"], k)
            new["date"] = shifter.shift(row["date"], shifter.pick(row["date"]))
            quotes.append(new)

    _write(out / "events.csv", headers["events"], events)
    _write(out / "sites.csv", headers["sites"], sites)
    _write(out / "quotes.csv", headers["quotes"], quotes)
    for name in COPIED:
        if (data_dir / name).exists():
            shutil.copyfile(data_dir / name, out / name)
    return out


def validate(folder: Path) -> None:
    """Run the project's own validator on the folder; raise if it reports any problem."""
    result = subprocess.run([sys.executable, "-m", "presence", "validate", str(folder)], cwd=ROOT,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"generated data in {folder} does not validate:\n{result.stdout[-3000:]}"
                         f"{result.stderr[-2000:]}")
    print(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, required=True, help="size as a multiple of the shipped data")
    parser.add_argument("--out", type=Path, default=None, help="folder (default bench/_scale/x<scale>)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-validate", action="store_true")
    args = parser.parse_args(argv)
    out = generate(args.scale, args.out or SCALE_DIR / f"x{args.scale}", seed=args.seed)
    if not args.no_validate:
        validate(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
