"""Keep Python's cyclic garbage collector off the long-lived heap of a server process.

pandas, plotly, pydeck, Streamlit and the data set make a heap of about a million objects that live
as long as the process. Every full collection walked all of them (about 100 ms, with every session's
thread waiting). ``gc.freeze()`` moves the objects alive at that moment to a permanent generation
that collections skip. It runs once per page per process, after that page's first run, when its
libraries are imported; freezing the little that one run leaves behind costs nothing measurable.
"""
from __future__ import annotations

import gc
import os
import threading

_frozen: set[str] = set()
_lock = threading.Lock()

# Collect the youngest generation after 50,000 net allocations rather than 700. A rerun allocates tens of
# thousands of objects (protobuf messages, frames, strings), nearly all freed by reference counting; at
# 700 the collector ran dozens of times per rerun to find almost nothing.
if os.environ.get("PRESENCE_GC_THRESHOLD", "50000") != "default":
    gc.set_threshold(int(os.environ.get("PRESENCE_GC_THRESHOLD", "50000")), 20, 10)


def freeze_after_first_run(page: str) -> None:
    if page in _frozen:
        return
    with _lock:
        if page not in _frozen:
            _frozen.add(page)
            gc.collect()
            gc.freeze()
