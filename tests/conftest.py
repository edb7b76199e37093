"""Shared fixtures: the shipped data, and copies of it to break on purpose."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from presence.dataset import DATA_DIR_VARIABLE, load_dataset

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"


@pytest.fixture(scope="session")
def dataset():
    return load_dataset(DATA_DIR)


class DataCopy:
    """A copy of data/ in a temporary folder, with helpers to edit its CSVs."""

    def __init__(self, root: Path):
        self.root = root

    def rows(self, name: str) -> list[dict]:
        with open(self.root / f"{name}.csv", newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))

    def header(self, name: str) -> list[str]:
        with open(self.root / f"{name}.csv", newline="", encoding="utf-8") as f:
            return next(csv.reader(f))

    def write(self, name: str, rows: list[dict], header: list[str] | None = None) -> None:
        header = header or self.header(name)
        with open(self.root / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n", extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)

    def append(self, name: str, row: dict) -> int:
        """Append a row; return its line number (header = line 1, no multi-line cells assumed)."""
        rows = self.rows(name)
        self.write(name, rows + [row])
        return self.line_count(name)

    def line_count(self, name: str) -> int:
        with open(self.root / f"{name}.csv", newline="", encoding="utf-8", errors="surrogateescape") as f:
            reader = csv.reader(f)
            for _ in reader:
                pass
            return reader.line_num

    def path(self, name: str) -> Path:
        return self.root / (name if "." in name else f"{name}.csv")

    def load(self):
        return load_dataset(self.root)


@pytest.fixture
def data_copy(tmp_path) -> DataCopy:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return DataCopy(target)


@pytest.fixture
def data_env(data_copy, monkeypatch) -> DataCopy:
    """A data copy that the app (AppTest) reads instead of data/."""
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(data_copy.root))
    return data_copy


APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture(autouse=True)
def served_navigation(monkeypatch):
    """Run app.py as a live server does after its first run: st.navigation in charge of pages/.

    A server starts in Streamlit's legacy pages/ mode until app.py first calls st.navigation, and
    AppTest resets that mode before every run, so without this a rerun would execute the page script
    alone (tests/test_app.py checks that case on its own)."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


def open_app(params: dict | None = None, page: str | None = None):
    """Run app.py in AppTest with URL parameters, optionally switching to a page (e.g. 'pages/map.py')."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    return at
