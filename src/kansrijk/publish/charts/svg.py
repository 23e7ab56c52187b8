"""A tiny SVG builder: a document with title and description, element helpers, text measurement.

Every chart is a string of SVG 1.1 with explicit ``width``, ``height`` and ``viewBox``,
``role="img"`` and ``aria-labelledby`` pointing at its ``<title>`` and ``<desc>`` (the Dutch text
alternative). Ids inside a document are prefixed with a hash of its content, so several charts can
share one HTML page and the same data always gives the same SVG.

Text width is measured with the advance widths of DejaVu Sans (Book and Bold, in em, read from the
font's ``hmtx`` table), the first font of :data:`FONT_FAMILY`. The usual fallback Arial is narrower,
so a box sized with these widths also fits the fallback.
"""

from __future__ import annotations

import hashlib
from xml.sax.saxutils import escape

from kansrijk.publish.charts import palette

FONT_FAMILY = "DejaVu Sans, Arial, sans-serif"
FONT_SIZE = 12.0
SMALL_FONT_SIZE = 10.0
_ID = "@@ID@@"

_REGULAR_GROUPS: dict[float, str] = {
    0.275: "'", 0.278: "ijlìíîï", 0.295: "IJÌÍÎÏ", 0.318: " ,.\xa0·‘’", 0.337: "/:;\\|¦",
    0.352: "f", 0.361: "-\xad", 0.39: "()[]", 0.392: "t", 0.401: "!¡²³¹", 0.411: "r", 0.46: '"',
    0.471: "ªº", 0.5: "*_`§¨¯°´¸–", 0.518: "“”", 0.521: "s", 0.525: "z", 0.531: "?¿", 0.55: "cç",
    0.557: "L", 0.575: "F", 0.579: "k", 0.59: "•", 0.592: "vxyýÿ", 0.603: "P", 0.605: "Þ",
    0.611: "TYÝ", 0.612: "o«»ðòóôõöø", 0.613: "aàáâãäå", 0.615: "eèéêë", 0.63: "ß",
    0.632: "EÈÉÊË", 0.634: "hnuñùúûü", 0.635: "Sbdgpqþ", 0.636: "$0123456789{}¢£¤¥µ¶€",
    0.656: "K", 0.684: "AVÀÁÂÃÄÅ", 0.685: "XZ", 0.686: "B", 0.695: "R", 0.698: "CÇ",
    0.732: "UÙÚÛÜ", 0.748: "NÑ", 0.752: "H", 0.77: "D", 0.775: "GÐ", 0.78: "&",
    0.787: "OQÒÓÔÕÖØ", 0.818: "w", 0.838: "#+<=>^~¬±×÷≤≥−", 0.863: "M", 0.95: "%",
    0.969: "¼½¾", 0.974: "mÆ", 0.982: "æ", 0.989: "W", 1.0: "@©®—…",
}  # fmt: skip
_BOLD_GROUPS: dict[float, str] = {
    0.306: "'", 0.343: "ijlìíîï", 0.348: " \xa0", 0.365: "/\\|¦", 0.372: "IJÌÍÎÏ", 0.38: ",.·‘’",
    0.4: ":;", 0.415: "-\xad", 0.435: "f", 0.438: "²³¹", 0.456: "!¡", 0.457: "()[]", 0.478: "t",
    0.493: "r", 0.5: "_`§¨¯°´¸–", 0.521: '"', 0.523: "*", 0.564: "ªº", 0.58: "?¿", 0.582: "z",
    0.593: "cç", 0.595: "s", 0.636: "¤¶", 0.637: "L", 0.639: "•", 0.645: "x", 0.646: "«»",
    0.652: "vyýÿ", 0.657: "“”", 0.665: "k", 0.675: "aàáâãäå", 0.678: "eèéêë", 0.682: "T",
    0.683: "EFÈÉÊË", 0.687: "oðòóôõöø", 0.696: "$0123456789¢£¥€", 0.712: "hnu{}ñùúûü",
    0.716: "bdgpqþ", 0.719: "ß", 0.72: "S", 0.724: "YÝ", 0.725: "Z", 0.733: "P", 0.734: "CÇ",
    0.736: "µ", 0.738: "Þ", 0.762: "B", 0.77: "R", 0.771: "X", 0.774: "AVÀÁÂÃÄÅ", 0.775: "K",
    0.812: "UÙÚÛÜ", 0.821: "G", 0.83: "D", 0.837: "HNÑ", 0.838: "#+<=>^~¬±Ð×÷≤≥−",
    0.85: "OQÒÓÔÕÖØ", 0.872: "&", 0.924: "w", 0.995: "M", 1.0: "@©®—…", 1.002: "%",
    1.035: "¼½¾", 1.042: "m", 1.048: "æ", 1.085: "Æ", 1.103: "W",
}  # fmt: skip
_WIDEST = 1.11  # an unknown glyph counts as the widest known one, so a box never falls short


def _table(groups: dict[float, str]) -> dict[str, float]:
    return {char: width for width, chars in groups.items() for char in chars}


_REGULAR = _table(_REGULAR_GROUPS)
_BOLD = _table(_BOLD_GROUPS)


def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    """Width in pixels of ``text`` set in DejaVu Sans at ``size`` px (no kerning)."""
    table = _BOLD if bold else _REGULAR
    return sum(table.get(char, _WIDEST) for char in text) * size


def fit_text(text: str, max_width: float, size: float = FONT_SIZE, bold: bool = False) -> float:
    """The font size (at most ``size``) at which ``text`` fits in ``max_width`` pixels."""
    width = text_width(text, size, bold)
    if width <= max_width or width == 0:
        return size
    return size * max_width / width


def num(value: float) -> str:
    """A coordinate for an attribute: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attrs(attrs: dict[str, object]) -> str:
    parts = []
    for key, value in attrs.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        shown = num(value) if isinstance(value, float) else str(value)
        parts.append(f' {name}="{escape(shown, {chr(34): "&quot;"})}"')
    return "".join(parts)


def element(tag: str, children: str = "", **attrs: object) -> str:
    """One element; ``stroke_width`` becomes ``stroke-width``, ``class_`` becomes ``class``."""
    if children:
        return f"<{tag}{_attrs(attrs)}>{children}</{tag}>"
    return f"<{tag}{_attrs(attrs)}/>"


def tooltip(text: str) -> str:
    """A ``<title>`` child: the tooltip and text alternative of one mark."""
    return f"<title>{escape(text)}</title>"


def text(
    x: float,
    y: float,
    content: str,
    size: float = FONT_SIZE,
    fill: str = palette.TEXT,
    anchor: str = "start",
    bold: bool = False,
    **attrs: object,
) -> str:
    """A ``<text>`` at baseline ``y``; ``anchor`` is start, middle or end."""
    return element(
        "text",
        escape(content),
        x=float(x),
        y=float(y),
        font_size=float(size),
        fill=fill,
        text_anchor=None if anchor == "start" else anchor,
        font_weight="bold" if bold else None,
        **attrs,
    )


def rect(x: float, y: float, width: float, height: float, fill: str, **attrs: object) -> str:
    """A rectangle; extra attributes (``stroke``, ``class_``...) pass through."""
    children = str(attrs.pop("children", ""))
    return element(
        "rect",
        children,
        x=float(x),
        y=float(y),
        width=float(max(width, 0.0)),
        height=float(max(height, 0.0)),
        fill=fill,
        **attrs,
    )


def line(x1: float, y1: float, x2: float, y2: float, stroke: str, **attrs: object) -> str:
    """A straight line."""
    return element(
        "line", x1=float(x1), y1=float(y1), x2=float(x2), y2=float(y2), stroke=stroke, **attrs
    )


def polyline(points: list[tuple[float, float]], stroke: str, **attrs: object) -> str:
    """An open polyline without fill."""
    coords = " ".join(f"{num(x)},{num(y)}" for x, y in points)
    return element("polyline", points=coords, fill="none", stroke=stroke, **attrs)


def polygon(points: list[tuple[float, float]], fill: str, **attrs: object) -> str:
    """A closed, filled polygon."""
    coords = " ".join(f"{num(x)},{num(y)}" for x, y in points)
    return element("polygon", points=coords, fill=fill, **attrs)


def circle(cx: float, cy: float, r: float, fill: str, **attrs: object) -> str:
    """A circle (a point mark); pass ``children=tooltip(...)`` for a tooltip."""
    children = str(attrs.pop("children", ""))
    return element("circle", children, cx=float(cx), cy=float(cy), r=float(r), fill=fill, **attrs)


class Svg:
    """One SVG document under construction; :meth:`render` gives the string."""

    def __init__(self, width: float, height: float, title: str, desc: str) -> None:
        self.width = width
        self.height = height
        self.title = title
        self.desc = desc
        self.parts: list[str] = []
        self._defs: dict[str, str] = {}

    def add(self, *parts: str) -> None:
        """Append elements (strings from the helpers above) in drawing order."""
        self.parts.extend(part for part in parts if part)

    def ref(self, name: str) -> str:
        """``url(#...)`` of a definition with this local name."""
        return f"url(#{_ID}-{name})"

    def local_id(self, name: str) -> str:
        """The document-unique id for a local name."""
        return f"{_ID}-{name}"

    def define(self, name: str, body: str) -> str:
        """Add a ``<defs>`` entry once (``body`` uses :meth:`local_id`); returns its ``url()``."""
        self._defs.setdefault(name, body)
        return self.ref(name)

    def hatch(self) -> str:
        """The hatched light grey fill for suppressed or missing values (defined once)."""
        body = element(
            "pattern",
            rect(0, 0, 6, 6, palette.HATCH_BACKGROUND)
            + line(0, 0, 0, 6, palette.HATCH_LINE, stroke_width=2.0),
            id=self.local_id("hatch"),
            patternUnits="userSpaceOnUse",
            width=6.0,
            height=6.0,
            patternTransform="rotate(45)",
        )
        return self.define("hatch", body)

    def render(self) -> str:
        """The finished SVG with unique ids, explicit size and its text alternative."""
        defs = "<defs>" + "".join(self._defs.values()) + "</defs>" if self._defs else ""
        body = defs + "".join(self.parts)
        digest = hashlib.sha1(
            f"{self.width}|{self.height}|{self.title}|{self.desc}|{body}".encode()
        ).hexdigest()[:10]
        uid = f"kc-{digest}"
        head = element(
            "svg",
            "",
            xmlns="http://www.w3.org/2000/svg",
            width=float(self.width),
            height=float(self.height),
            viewBox=f"0 0 {num(self.width)} {num(self.height)}",
            role="img",
            aria_labelledby=f"{uid}-title {uid}-desc",
            font_family=FONT_FAMILY,
        )[:-2]
        return (
            f'{head} lang="nl">'
            f'<title id="{uid}-title">{escape(self.title)}</title>'
            f'<desc id="{uid}-desc">{escape(self.desc)}</desc>'
            + rect(0, 0, self.width, self.height, palette.BACKGROUND)
            + body.replace(_ID, uid)
            + "</svg>"
        )
