"""The dataset, loaded once per process and shared by every session (read-only)."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import streamlit as st

from presence.dataset import Dataset, default_data_dir, load_dataset


def _fingerprint(data_dir: Path) -> tuple:
    """Modification times of the data files, so that an edited CSV is picked up without a restart."""
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in data_dir.glob("*") if p.is_file()))


@st.cache_resource(show_spinner="Loading the data…", max_entries=4)
def _load(data_dir: str, fingerprint: tuple) -> Dataset:
    dataset = load_dataset(data_dir)
    dataset.version = f"{data_dir}:{hash(fingerprint)}"
    return dataset


CHECK_SECONDS = 2.0  # how often the files' modification times are read again (not on every rerun)
_checked: dict[str, tuple[float, tuple]] = {}
_lock = threading.Lock()


def _recent_fingerprint(data_dir: Path) -> tuple:
    now = time.monotonic()
    key = str(data_dir)
    with _lock:
        seen = _checked.get(key)
        if seen and now - seen[0] < CHECK_SECONDS:
            return seen[1]
    fingerprint = _fingerprint(data_dir)
    with _lock:
        _checked[key] = (now, fingerprint)
    return fingerprint


_last: dict[tuple, Dataset] = {}  # (data folder, fingerprint) -> the data set loaded for it


def get_dataset() -> Dataset:
    data_dir = default_data_dir()
    key = (str(data_dir), _recent_fingerprint(data_dir))
    # Every rerun of every page asks: a dict lookup here spares a Streamlit cache lookup (hashing the
    # fingerprint) each time. The first load of a fingerprint goes through _load, with its spinner.
    dataset = _last.get(key)
    if dataset is None:
        dataset = _load(*key)
        _last.clear()
        _last[key] = dataset
    return dataset


def kept(dataset: Dataset, name: str, key, build, limit: int = 1024):
    """``build()`` kept with the data set under (name, key): texts and groups that depend only on the
    data come back on every rerun of every session. At most ``limit`` entries per name (then it starts
    again), so memory stays bounded whatever readers search for. The values are shared: read-only."""
    memo = dataset.__dict__.setdefault("_kept", {}).setdefault(name, {})
    if key not in memo:
        if len(memo) >= limit:
            memo.clear()
        memo[key] = build()
    return memo[key]
