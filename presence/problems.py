"""A problem found in the data: where it is (file, line, column), the value, and what is wrong."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 1 is the header row; 0 when the problem concerns the whole file
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        if self.column:
            where += f", column '{self.column}'"
        value = f" {shorten(self.value)!r}" if self.value != "" else ""
        return f"{where}:{value} {self.message}".replace(":  ", ": ")

    def as_row(self) -> dict:
        return {"file": self.file, "line": self.line or None, "column": self.column,
                "value": shorten(self.value), "problem": self.message}


def shorten(value: str, limit: int = 80) -> str:
    value = str(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"
