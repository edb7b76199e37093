"""The dataset, loaded once per process and shared by every session (read-only)."""
from __future__ import annotations

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


def get_dataset() -> Dataset:
    data_dir = default_data_dir()
    return _load(str(data_dir), _fingerprint(data_dir))
