"""Figure builders: the JSON they hand to the browser."""
import json

import pandas as pd

from presence.figures.legend import LEGEND_BLOCK_WIDTH, timeline_legend_svgs
from presence.figures.map import (EVENTS, INSET, LABELS, OUTLINES, SITES, STATUS_DOTS, STATUS_MARKS, drawn_position,
                                  frame_for, pixels_per_degree, presence_map, view_for)
from presence.figures.timeline import STATEMENTS_LANE, timeline_figure
from presence.filters import FilterState, active_site_counts, events_in_view, quotes_in_view, sites_in_view
from presence.geo import distance_to_boundary_km, point_in_feature
from presence.map_style import STALE_FILL
from presence.palette import (CATEGORY_GROUPS, CATEGORY_LABELS, CATEGORY_SYMBOLS, FORCE_COLOURS, GROUP_COLOURS,
                              hex_to_rgb)
from presence.quotes import one_per_statement

DEFAULT = FilterState(("MLI", "CAF", "GNQ"), pd.Timestamp("2023-06-23").date(), pd.Timestamp("2025-06-30").date())


def _deck(dataset, state=DEFAULT, **options):
    sites = sites_in_view(dataset.sites, state)
    return presence_map(sites, events_in_view(dataset.events, state), dataset.boundaries,
                        active_site_counts(sites, state.countries), state.countries,
                        dataset.sources["outlet"].to_dict(), **options)


def test_tooltip_is_plain_text(dataset):
    tooltip = _deck(dataset)._tooltip
    assert tooltip["text"] == "{tooltip}" and "html" not in tooltip  # deck.gl sets text, never HTML


def _deck_json(dataset, state=DEFAULT, **options):
    sites = sites_in_view(dataset.sites, state)
    deck = presence_map(sites, events_in_view(dataset.events, state), dataset.boundaries,
                        active_site_counts(sites, state.countries), state.countries,
                        dataset.sources["outlet"].to_dict(), **options)
    return json.loads(deck.to_json()), sites


def _layer(deck, layer_id):
    return next(layer for layer in deck["layers"] if layer["id"] == layer_id)


def test_map_layers_have_ids_and_text_tooltips(dataset):
    deck, _ = _deck_json(dataset, show_events=True)
    ids = [layer["id"] for layer in deck["layers"]]
    assert ids.index(OUTLINES) < ids.index(EVENTS) < ids.index(SITES)
    assert "html" not in deck.get("tooltip", {})
    assert _layer(deck, SITES)["radiusUnits"] == "pixels"


def test_default_map_has_markers_in_each_country_and_three_outlines(dataset):
    deck, sites = _deck_json(dataset)
    points = _layer(deck, SITES)["data"]
    countries = set(dataset.sites.set_index("site_id").loc[[p["id"] for p in points], "country"])
    assert countries == {"MLI", "CAF", "GNQ"}
    assert len(_layer(deck, OUTLINES)["data"]["features"]) == 3


def test_marker_colour_is_the_force_and_form_is_the_status(dataset):
    deck, sites = _deck_json(dataset)
    by_id = sites.set_index("site_id")
    for point in _layer(deck, SITES)["data"]:
        site = by_id.loc[point["id"]]
        if ";" not in site["force"]:
            assert point["line"][:3] == hex_to_rgb(FORCE_COLOURS[site["force"]])
        status = site["status_as_of"]
        assert status != "handed_over", "a handed-over presence is drawn through its successor"
        if status == "stale":  # "no report since": a grey centre inside the force's ring (and a dot)
            assert point["fill"] == STALE_FILL, point["id"]
        else:
            expected = {"withdrawn": 0, "unknown": 230, "exited": 230}.get(status, 235)
            assert point["fill"][3] == expected, point["id"]
    statuses = set(sites["status_as_of"])
    assert {"active", "stale"} <= statuses, "the default view (to June 2025) shows both"


def test_every_marker_matches_its_row_and_lies_in_its_country(dataset):
    features = {f["properties"]["iso3"]: f for f in dataset.boundaries["features"]}
    for row in dataset.sites.itertuples():
        inside = point_in_feature(row.lon, row.lat, features[row.country])
        assert inside or distance_to_boundary_km(row.lon, row.lat, features[row.country]) < 10, row.site_id
    for row in dataset.events.dropna(subset=["lat"]).itertuples():
        if row.country in features:
            feature = features[row.country]
            inside = point_in_feature(row.lon, row.lat, feature)
            assert inside or distance_to_boundary_km(row.lon, row.lat, feature) < 10, row.event_id
    deck, sites = _deck_json(dataset)
    by_id = sites.set_index("site_id")
    drawn = {f["properties"]["iso3"]: f for f in _layer(deck, OUTLINES)["data"]["features"]}
    frame = frame_for(DEFAULT.countries)
    for point in _layer(deck, SITES)["data"]:
        site = by_id.loc[point["id"]]
        lon, lat = drawn_position(site["country"], site["lon"], site["lat"], frame.inset)
        assert point["position"][1] == lat
        # Markers of one town are spread sideways by at most a few marker widths at the first zoom.
        assert abs(point["position"][0] - lon) * pixels_per_degree(frame.view.zoom) <= 30, point["id"]
        feature = drawn[site["country"]]
        assert point_in_feature(lon, lat, feature) or distance_to_boundary_km(lon, lat, feature) < 25, point["id"]


def test_range_ending_before_a_first_report_hides_that_site(dataset):
    site = dataset.sites.sort_values("first_start").iloc[-1]
    before = FilterState(("MLI", "CAF", "GNQ"), dataset.first_day.date(),
                         (site["first_start"] - pd.Timedelta(days=1)).date())
    deck, _ = _deck_json(dataset, before)
    assert site["site_id"] not in {p["id"] for p in _layer(deck, SITES)["data"]}


def test_view_depends_on_countries_only():
    assert view_for(["CAF"]).latitude == view_for(("CAF",)).latitude
    assert view_for(["GNQ"]).zoom > view_for(["MLI", "CAF", "GNQ"]).zoom


def test_offline_map_has_no_basemap(dataset):
    deck, _ = _deck_json(dataset, basemap=False)
    assert not deck.get("mapStyle")


def _figure(dataset, state=DEFAULT, lanes="country"):
    events = events_in_view(dataset.events, state, with_context=True)
    statements = one_per_statement(quotes_in_view(dataset.quotes, state))
    fig = timeline_figure(events, statements, dataset.phases, state, dataset.sources["outlet"].to_dict(),
                          lanes=lanes, title="t")
    return json.loads(fig.to_json()), events, statements


def test_timeline_customdata_carries_record_ids(dataset):
    fig, events, statements = _figure(dataset)
    marker_traces = [t for t in fig["data"] if t.get("mode") == "markers"]
    ids = [c for t in marker_traces for c in t["customdata"]]
    assert {i for kind, i in ids if kind == "event"} == set(events["event_id"])
    assert {i for kind, i in ids if kind == "statement"} == set(statements["quote_id"])
    assert any(t["name"] == "Quoted statement" and set(t["y"]) == {STATEMENTS_LANE} for t in marker_traces)


def test_phases_are_shaded_and_labelled(dataset):
    fig, _, _ = _figure(dataset)
    rects = [s for s in fig["layout"]["shapes"] if s["type"] == "rect"]
    assert len(rects) >= 3
    texts = " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert "Africa Corps era" in texts and "Mutiny" in texts


def test_key_moments_are_numbered_badges_that_fit_a_phone(dataset):
    """At 390 px the timeline's labels overlapped; key moments are now short numbered badges (the key
    under the chart gives the words) and phases carry short labels."""
    from presence.figures.timeline import milestones_in_view
    fig, events, _ = _figure(dataset)
    badges = [a for a in fig["layout"]["annotations"] if a.get("bgcolor") == "#333333"]
    marked = milestones_in_view(events)
    numbers = sorted(int(n) for b in badges for n in b["text"].split(","))
    assert numbers == list(range(1, len(marked) + 1)) and len(marked) >= 6
    assert all(len(b["text"]) <= 5 for b in badges)
    phase_labels = [a["text"] for a in fig["layout"]["annotations"] if a["text"].startswith("<b>")]
    assert all(len(t) - len("<b></b>") <= 18 for t in phase_labels)
    # Wagner's exit and the Africa Corps' statement share a day and a lane: one badge for both.
    assert any("," in b["text"] for b in badges)


def test_month_precision_is_said_in_the_hover(dataset):
    fig, events, _ = _figure(dataset)
    hovers = [h for t in fig["data"] if t.get("mode") == "markers" for h in t["hovertext"]]
    month = events[events["date_precision"] == "month"].iloc[0]
    (hover,) = [h for h in hovers if month["title"].replace("'", "&#x27;") in h or month["title"] in h]
    assert month["date_label"] in hover and "month precision" in hover
    assert f"1 {month['date_label']}" not in hover


def test_lanes_by_category(dataset):
    fig, events, _ = _figure(dataset, lanes="category")
    lanes = {y for t in fig["data"] if t.get("mode") == "markers" for y in t["y"]}
    assert "Combat" in lanes and "Mali" not in lanes


def test_hover_text_from_data_is_escaped(dataset):
    events = events_in_view(dataset.events, DEFAULT).head(1).copy()
    events["title"] = "<img src=x onerror=alert(1)>"
    fig = timeline_figure(events, dataset.quotes.head(0), dataset.phases, DEFAULT, {}, title="<b>x</b>")
    assert "<img" not in fig.to_json() and "&lt;img" in fig.to_json()


def test_strip_counts_events_per_month_under_the_lanes(dataset):
    fig, events, _ = _figure(dataset)
    (strip,) = [t for t in fig["data"] if t["type"] == "bar"]
    assert sum(strip["y"]) == len(events) and strip["yaxis"] == "y2"
    months = [x[:7] for x in strip["x"]]
    assert months[0] == "2023-06" and months[-1] == "2025-06" and len(months) == len(set(months))
    # the strip sits under the lanes, on the same date axis
    assert fig["layout"]["yaxis2"]["domain"][1] < fig["layout"]["yaxis"]["domain"][0]
    assert fig["layout"]["xaxis"]["anchor"] == "y2"


def test_event_markers_keep_their_category_shape_and_colour(dataset):
    fig, events, _ = _figure(dataset)
    (trace,) = [t for t in fig["data"] if t.get("name") == "Events"]
    by_id = dict(zip(events["event_id"], events["category"]))
    for (kind, event_id), symbol, colour in zip(trace["customdata"], trace["marker"]["symbol"],
                                                trace["marker"]["color"]):
        assert symbol == CATEGORY_SYMBOLS[by_id[event_id]]
        assert colour == GROUP_COLOURS[CATEGORY_GROUPS[by_id[event_id]]]


def test_timeline_legend_draws_every_category_symbol():
    blocks = timeline_legend_svgs()
    svg = "".join(blocks)
    for category, label in CATEGORY_LABELS.items():
        assert label in svg
    assert "Quoted statement" in svg and "Records in a week" not in svg
    assert "Records in a week" in "".join(timeline_legend_svgs(weekly_counts=True))
    # each block fits a phone's width unscaled
    assert all(f'width="{LEGEND_BLOCK_WIDTH}"' in block for block in blocks) and LEGEND_BLOCK_WIDTH <= 350


def test_too_many_records_become_weekly_counts(dataset):
    events = events_in_view(dataset.events, DEFAULT)
    many = pd.concat([events] * (1 + 1500 // len(events)), ignore_index=True)
    many["event_id"] = [f"e{i}" for i in range(len(many))]
    fig = timeline_figure(many, dataset.quotes.head(0), dataset.phases, DEFAULT, dataset.outlets)
    markers = [t for t in fig.data if t.type == "scatter" and t.mode == "markers"]
    assert [t.name for t in markers] == ["Records per week"]
    assert len(markers[0].x) <= 6 * 110  # lanes x weeks: bounded whatever the data's size
    assert sum(int(h.split(" ")[0]) for h in markers[0].hovertext) == len(many)
    # nothing else grows with the data: no per-record labels or ties when the records are not drawn
    assert len(fig.layout.annotations) <= len(dataset.phases) + 1 and len(fig.layout.shapes) <= len(dataset.phases)
    assert len(fig.to_json()) < 200_000


# --- framing, inset, labels, status forms (issue 19) -------------------------------------------------

def _pixel_x(lon, view, width):
    return width / 2 + (lon - view.longitude) * pixels_per_degree(view.zoom)


def test_on_a_laptop_mali_and_the_car_fill_the_map_width():
    from presence.countries import BBOXES
    from presence.figures.map import LAPTOP, MAP_WIDTH

    for countries in (("MLI", "CAF", "GNQ"), ("MLI", "CAF")):
        frame = frame_for(countries, LAPTOP)
        width = MAP_WIDTH[LAPTOP]
        left = _pixel_x(BBOXES["MLI"][0], frame.view, width)
        right = _pixel_x(BBOXES["CAF"][2], frame.view, width)
        assert 0 <= left and right <= width, (left, right)
        assert (right - left) / width >= 0.85, "the two countries span most of the map's width"


def test_phone_frame_keeps_the_countries_whole_on_a_narrower_map():
    from presence.countries import BBOXES
    from presence.figures.map import MAP_HEIGHT_RANGE, MAP_WIDTH, PHONE

    frame = frame_for(("MLI", "CAF", "GNQ"), PHONE)
    assert frame.view.zoom < frame_for(("MLI", "CAF", "GNQ")).view.zoom
    assert _pixel_x(BBOXES["MLI"][0], frame.view, MAP_WIDTH[PHONE]) >= 0
    assert _pixel_x(BBOXES["CAF"][2], frame.view, MAP_WIDTH[PHONE]) <= MAP_WIDTH[PHONE]
    assert frame.height >= MAP_HEIGHT_RANGE[0] >= 300


def test_equatorial_guinea_is_drawn_enlarged_in_an_inset_clear_of_the_others(dataset):
    from presence.countries import BBOXES

    deck, sites = _deck_json(dataset)
    frame = frame_for(DEFAULT.countries)
    inset = frame.inset
    assert inset is not None and inset.scale >= 2
    min_lon, min_lat, max_lon, max_lat = inset.box
    # The box lies clear of Mali's and the CAR's outlines (their bounding boxes).
    for code in ("MLI", "CAF"):
        b = BBOXES[code]
        assert max_lon < b[0] or min_lon > b[2] or max_lat < b[1] or min_lat > b[3], code
    assert _layer(deck, INSET)["data"]
    gnq = next(f for f in _layer(deck, OUTLINES)["data"]["features"] if f["properties"]["iso3"] == "GNQ")
    rings = gnq["geometry"]["coordinates"]
    points = [p for poly in rings for ring in poly for p in ring] if gnq["geometry"]["type"] == "MultiPolygon" \
        else [p for ring in rings for p in ring]
    assert all(min_lon - 0.01 <= x <= max_lon + 0.01 and min_lat - 0.01 <= y <= max_lat + 0.01 for x, y in points)
    gnq_ids = set(sites.loc[sites["country"] == "GNQ", "site_id"])
    for point in _layer(deck, SITES)["data"]:
        if point["id"] in gnq_ids:
            x, y = point["position"]
            assert min_lon - 0.5 <= x <= max_lon + 0.5 and min_lat <= y <= max_lat, point["id"]
    # Alone, or with the CAR only, it is drawn where it is.
    assert frame_for(["GNQ"]).inset is None and frame_for(["CAF", "GNQ"]).inset is None


def test_active_places_are_labelled_and_labels_do_not_overlap(dataset):
    deck, sites = _deck_json(dataset)
    labels = _layer(deck, LABELS)["data"]
    texts = {label["text"] for label in labels}
    active = sites[sites["status_as_of"] == "active"]
    assert {"Bangui", "Bamako", "Malabo", "Bata"} & texts
    # Most active towns get a label at the first zoom; the rest are in the tooltip and the places table.
    from presence.figures.map import place_name
    towns = {place_name(n) for n in active["name"]}
    assert len(texts & towns) >= len(towns) * 0.4, (texts, towns)
    assert all(label["anchor"] in ("start", "end") for label in labels)


def test_markers_of_one_town_are_spread_apart(dataset):
    deck, sites = _deck_json(dataset)
    zoom = frame_for(DEFAULT.countries).view.zoom
    points = _layer(deck, SITES)["data"]
    for i, a in enumerate(points):
        for b in points[i + 1:]:
            if a["position"][1] == b["position"][1]:
                dx = abs(a["position"][0] - b["position"][0]) * pixels_per_degree(zoom)
                assert dx >= a["radius"] + b["radius"] or dx > 30, (a["id"], b["id"], dx)


def test_every_status_has_its_own_form(dataset):
    state = FilterState(("MLI", "CAF", "GNQ"), dataset.first_day.date(), pd.Timestamp("2025-06-30").date())
    deck, sites = _deck_json(dataset, state)
    points = {p["id"]: p for p in _layer(deck, SITES)["data"]}
    dots = {tuple(d["position"]) for d in _layer(deck, STATUS_DOTS)["data"]}
    layers = {layer["id"] for layer in deck["layers"]}
    marks = {tuple(m["position"]) for m in _layer(deck, STATUS_MARKS)["data"]} if STATUS_MARKS in layers else set()
    for p in points.values():
        at = tuple(p["position"])
        assert (at in dots) == (p["status"] == "stale"), p["id"]
        assert (at in marks) == (p["status"] in ("unknown", "exited")), p["id"]
        if p["status"] == "withdrawn":
            assert p["fill"][3] == 0  # an empty ring
        if p["status"] == "active":
            assert p["fill"][3] > 200  # a filled disc


def test_tooltip_stays_inside_the_map_and_the_map_has_a_text_alternative(dataset):
    from presence.figures.map import map_alt

    tooltip = _deck(dataset)._tooltip
    assert tooltip["style"]["transform"] == "none" and tooltip["style"]["bottom"] and tooltip["style"]["left"]
    sites = sites_in_view(dataset.sites, DEFAULT)
    alt = map_alt(DEFAULT.countries, sites, frame_for(DEFAULT.countries).inset)
    assert "Places on the map" in alt and "Equatorial Guinea" in alt


def test_legends_alt_text_carries_their_words():
    from presence.figures.legend import (CATEGORY_LABELS, OTHER_MARKS, map_legend_alt, map_status_labels,
                                         timeline_legend_alts)

    alt = map_legend_alt(show_events=True)
    for _, label in map_status_labels():
        assert label in alt
    for word in ("Wagner", "Africa Corps", "capital", "training centre"):
        assert word in alt
    alts = " ".join(timeline_legend_alts(True))
    assert all(label in alts for label in CATEGORY_LABELS.values())
    assert all(mark in alts for mark in OTHER_MARKS)
    assert len(timeline_legend_alts(True)) == len(timeline_legend_svgs(True))


def test_timeline_markers_have_tap_targets_of_24_px(dataset):
    figure = _figure(dataset)[0]
    assert 2 * figure["layout"]["hoverdistance"] >= 24
