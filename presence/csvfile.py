"""Read a data CSV as text, keeping each record's line number, and report what cannot be read.

Nothing here raises on bad input: a missing or empty file, a non-UTF-8 byte, a broken quote or a row
with the wrong number of fields becomes a Problem, and every readable row is kept.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from presence.problems import Problem
from presence.schema import TableSpec

MAX_FIELD = 100_000  # characters; far above any legitimate cell, well below memory trouble

csv.field_size_limit(MAX_FIELD)


def read_table(path: Path, spec: TableSpec) -> tuple[pd.DataFrame, list[Problem]]:
    """Return the rows as strings, indexed by line number, with every known column present."""
    name = spec.filename
    problems: list[Problem] = []
    empty = _frame([], [], spec.columns)
    if not path.is_file():
        return empty, [Problem(name, 0, "", "", "file is missing")]
    text = path.read_bytes().decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    if not text.strip():
        return empty, [Problem(name, 0, "", "", "file is empty: it needs a header row")]

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        return empty, [Problem(name, 1, "", "", f"header row cannot be read as CSV ({exc})")]
    missing = [c for c in spec.required if c not in header]
    for column in missing:
        problems.append(Problem(name, 1, column, "", "required column is missing"))
    for column in sorted({h for h in header if header.count(h) > 1}):
        problems.append(Problem(name, 1, column, "", "column appears more than once"))
    for column in header:
        if column not in spec.columns and header.count(column) == 1:
            problems.append(Problem(name, 1, column, "", "unknown column; it is ignored"))
    if missing or len(set(header)) != len(header):
        return empty, problems  # without its columns no row can be trusted

    lines, rows = [], []
    last_line = 1
    while True:
        start = last_line + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            hint = " (an unclosed quotation mark?)" if "end of data" in str(exc) else ""
            problems.append(Problem(name, start, "", "", f"cannot be read as CSV: {exc}{hint}; "
                                    "this row and the rest of the file are skipped"))
            break
        last_line = reader.line_num
        if not record or record == [""]:
            continue  # blank line
        if len(record) != len(header):
            span = f" (it runs to line {last_line}: an unclosed quotation mark?)" if last_line > start else ""
            problems.append(Problem(name, start, "", "", f"has {len(record)} fields where the header has "
                                    f"{len(header)}{span}; the row is skipped"))
            continue
        bad = next((i for i, v in enumerate(record) if _has_undecodable(v)), None)
        if bad is not None:
            value = record[bad].encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            problems.append(Problem(name, start, header[bad], value,
                                    "holds bytes that are not valid UTF-8; the row is skipped"))
            continue
        lines.append(start)
        rows.append(record)
    return _frame(lines, [dict(zip(header, r)) for r in rows], spec.columns), problems


def _has_undecodable(value: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in value)


def _frame(lines: list[int], rows: list[dict], columns) -> pd.DataFrame:
    frame = pd.DataFrame(rows, index=pd.Index(lines, name="line"), columns=list(columns), dtype=str)
    return frame.fillna("")
