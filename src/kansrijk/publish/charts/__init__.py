"""Offline SVG charts and maps for the factsheets (PDF/HTML) and the web dashboard.

Every function takes plain Python data (dicts of the ``published`` table, or the dataclasses in
:mod:`kansrijk.publish.charts.data`) and returns one SVG string with explicit size, ``role="img"``
and a Dutch ``<title>``/``<desc>`` text alternative. No JavaScript, no fonts or files fetched.
See ``docs/charts.md``.
"""

from kansrijk.publish.charts.compare import compare_chart
from kansrijk.publish.charts.data import Point, Row
from kansrijk.publish.charts.funnel import funnel_chart
from kansrijk.publish.charts.maps import MapValue, choropleth, mini_map
from kansrijk.publish.charts.multiples import small_multiples
from kansrijk.publish.charts.ranked import ranked_chart
from kansrijk.publish.charts.spine import spine_chart
from kansrijk.publish.charts.svg import text_width
from kansrijk.publish.charts.trend import trend_chart

__all__ = [
    "MapValue",
    "Point",
    "Row",
    "choropleth",
    "compare_chart",
    "funnel_chart",
    "mini_map",
    "ranked_chart",
    "small_multiples",
    "spine_chart",
    "text_width",
    "trend_chart",
]
