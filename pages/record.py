"""A record's own page, /record?id=<id>: everything about one event, presence site or statement, with
its sources, corrections, related records, links into the Map and Timeline, and a citation."""
from presence.ui.record_page import record_page
from presence.ui.shell import page_view

record_page(page_view())
