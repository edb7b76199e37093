"""Floor page: a line of text."""
import streamlit as st

st.write("A line of text.")
