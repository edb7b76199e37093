"""Russia's security presence in Mali, CAR and Equatorial Guinea: data, validation, filters, figures.

Everything here is importable without a running Streamlit app except ``presence.ui``.
"""
