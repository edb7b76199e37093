"""Search, /search?q=<words>: events, presence sites, statements and sources, grouped by kind."""
from presence.ui.search_page import search_page
from presence.ui.shell import page_view

search_page(page_view())
