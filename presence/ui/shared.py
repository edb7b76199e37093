"""Results shared by every session of the server process, looked up by the arguments' own hash.

What ``st.cache_resource`` does for the app's per-view results (frames, figures, tables, texts), at a
fraction of the cost of a hit: Streamlit hashes every argument with its own hasher on every call
(0.2 ms for a FilterState, more for a tuple of ids) and a page makes a dozen such calls per rerun.
Here the key is a plain tuple of the arguments, which must be hashable (FilterState, str, tuples,
Timestamps); as with Streamlit, arguments whose name starts with ``_`` are not part of the key (the
data set: its ``version`` is passed instead). The results are shared and read-only.

Bounded: least recently used entries go first beyond ``max_entries``. One build per key at a time, so a
crowd arriving on a new view builds it once.
"""
from __future__ import annotations

import functools
import inspect
import threading
from collections import OrderedDict
from typing import Callable, TypeVar

T = TypeVar("T")


def shared(max_entries: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    def decorate(build: Callable[..., T]) -> Callable[..., T]:
        parameters = list(inspect.signature(build).parameters.values())
        keyed = tuple(i for i, p in enumerate(parameters) if not p.name.startswith("_"))
        entries: OrderedDict = OrderedDict()
        building: dict = {}
        lock = threading.Lock()

        @functools.wraps(build)
        def lookup(*args, **kwargs):
            key = (tuple(args[i] for i in keyed if i < len(args)),
                   tuple(sorted((k, v) for k, v in kwargs.items() if not k.startswith("_"))))
            with lock:
                if key in entries:
                    entries.move_to_end(key)
                    return entries[key]
                key_lock = building.setdefault(key, threading.Lock())
            with key_lock:
                with lock:
                    if key in entries:
                        return entries[key]
                value = build(*args, **kwargs)
                with lock:
                    entries[key] = value
                    while len(entries) > max_entries:
                        entries.popitem(last=False)
                    building.pop(key, None)
            return value

        lookup.clear = entries.clear  # for tests
        return lookup

    return decorate
