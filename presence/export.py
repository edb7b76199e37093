"""CSV downloads that are safe to open in a spreadsheet.

A cell starting with =, +, -, @, a tab or a carriage return can run as a formula in Excel, LibreOffice
or Google Sheets (CSV injection); such cells get a leading apostrophe, which spreadsheets show as text.
"""
from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_safe_csv(frame: pd.DataFrame, columns: list[str]) -> bytes:
    """The given columns as UTF-8 CSV (with BOM, so spreadsheets detect the encoding)."""
    cleaned = frame[columns].astype(object).map(neutralise)
    return cleaned.to_csv(index=False).encode("utf-8-sig")
