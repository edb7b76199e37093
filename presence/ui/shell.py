"""The frame every page sits in: data, shared sidebar filters (in the URL), data problems, link warnings.

app.py draws it once per run and then runs the chosen page. A page script can also be run on its own
(Streamlit's legacy ``pages/`` mode does that on a fresh server's first run, and AppTest on reruns),
so ``page_view`` draws the frame itself when app.py has not drawn it in this run.
"""
from __future__ import annotations

from contextlib import contextmanager

import streamlit as st

from presence.coverage import review_sentence
from presence.ui.components import data_problems
from presence.ui.data import get_dataset
from presence.ui.sidebar import (View, current_view, filter_sidebar, pending_search, switch_keeping_filters,
                                 url_warnings)
from presence.ui.text import plain

_DRAWN = "_shell_drawn_this_run"


def draw_shell() -> View:
    dataset = get_dataset()
    view = filter_sidebar(dataset)
    words = pending_search()
    if words:
        switch_keeping_filters("pages/search.py", view, q=words)
    with st.sidebar:
        # The review date, not the cutoff, is how far the record can be trusted to be complete.
        st.caption(plain(f"{review_sentence(dataset.reviewed_to)} Later months are not yet reviewed. "
                         "Every record is sourced; see Sources & data."))
    data_problems(dataset.problems)
    url_warnings()
    return view


@contextmanager
def shell_drawn():
    """Mark the frame as drawn while app.py runs the page."""
    st.session_state[_DRAWN] = True
    try:
        yield
    finally:
        st.session_state[_DRAWN] = False


def page_view() -> View:
    """The view for the page being drawn (what pages call first)."""
    if st.session_state.get(_DRAWN):
        return current_view()
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        # A fresh server's first run, in legacy pages/ mode, ran this page without app.py: switch to
        # st.navigation (as app.py's first run would) and run again, through app.py this time.
        PagesManager.uses_pages_directory = False
        st.rerun()
    return draw_shell()
