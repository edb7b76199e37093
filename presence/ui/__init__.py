"""Streamlit glue: cached data, the shared sidebar filters, and small reusable page components.

Only this sub-package imports Streamlit; everything it draws comes from the pure modules above it.
"""
