"""The words of the monitor, once for every module: the statuses of a figure, the outcomes of a
benchmark and of a trend, each with its key (as stored), the Dutch label users read, and where it
has them its sentence, arrow and colour. The export, the command line, the factsheets and the web
pages all take their words from here.

Statuses: a source gives a figure with its counts (``gepubliceerd``) or says why it gives none
(``niet_aangeboden``, ``niet_geregistreerd``, ``geen_data``, or ``privacy`` when it withholds the
figure itself). Disclosure control adds ``te_klein`` (a small number) and ``privacy`` (hidden to
protect a small number elsewhere).

Benchmarks (the engine's polarity-aware comparison with NL or the region, 95% and 99,8% intervals):
``veel_beter`` .. ``veel_slechter`` for indicators with a judgement, ``veel_hoger`` .. ``veel_lager``
for those without, ``niet_getoetst``; maps and legends add ``niet_gepubliceerd``. Trends: the
engine's outcome of the trend test over the last years.
"""

from __future__ import annotations

PUBLISHED = "gepubliceerd"
TOO_SMALL = "te_klein"
PRIVACY = "privacy"
NOT_OFFERED = "niet_aangeboden"
NOT_REGISTERED = "niet_geregistreerd"
NO_DATA = "geen_data"

# The ``method`` of a figure that is a count over everyone (or one gemeente's fact): no interval.
CENSUS_METHOD = "telling"

# What a partner chooses for a figure it does not supply (the portal's form and Excel template).
STATUSES_WITHOUT_NUMBERS = (NOT_OFFERED, NOT_REGISTERED, NO_DATA)
# Everything a source may give instead of counts ("Om redenen van privacy zijn deze cijfers niet per
# gemeente beschikbaar": imported like the statuses above, published with the privacy reason).
WITHHELD_STATUSES = (*STATUSES_WITHOUT_NUMBERS, PRIVACY)
SOURCE_STATUSES = (PUBLISHED, *WITHHELD_STATUSES)

STATUS_LABELS: dict[str, str] = {
    PUBLISHED: "gepubliceerd",
    TOO_SMALL: "te klein",
    NOT_OFFERED: "niet aangeboden",
    NOT_REGISTERED: "niet geregistreerd",
    PRIVACY: "privacy",
    NO_DATA: "geen gegevens",
}

NOT_TESTED = "niet_getoetst"
SUPPRESSED = "niet_gepubliceerd"  # on maps and in legends: no figure to compare

# Benchmark outcome -> (legend text with the place compared with, fill colour); in legend order:
# judged outcomes best to worst, then the no-judgement ones, then the rest.
BENCHMARKS: dict[str, tuple[str, str]] = {
    "veel_beter": ("Veel beter dan {0}", "#00665E"),
    "beter": ("Beter dan {0}", "#35978F"),
    "gelijk": ("Vergelijkbaar met {0}", "#F2C14E"),
    "slechter": ("Slechter dan {0}", "#E66100"),
    "veel_slechter": ("Veel slechter dan {0}", "#B2182B"),
    "veel_hoger": ("Veel hoger dan {0}", "#053061"),
    "hoger": ("Hoger dan {0}", "#2166AC"),
    "lager": ("Lager dan {0}", "#92C5DE"),
    "veel_lager": ("Veel lager dan {0}", "#D1E5F0"),
    NOT_TESTED: ("Niet getoetst", "#BDBDBD"),
    SUPPRESSED: ("Niet gepubliceerd of geen gegevens", "#EEEEEE"),
}
# The outcomes that say a difference is significant.
SIGNIFICANT = ("beter", "slechter", "hoger", "lager", "veel_beter", "veel_slechter", "veel_hoger", "veel_lager")

# Trend outcome -> (short label, arrow, sentence).
TRENDS: dict[str, tuple[str, str, str]] = {
    "stijgend_beter": ("stijgend (beter)", "↑",
                       "In de laatste jaren is de waarde significant gestegen; dat is een verbetering."),
    "stijgend_slechter": ("stijgend (slechter)", "↑",
                          "In de laatste jaren is de waarde significant gestegen; dat is een verslechtering."),
    "dalend_beter": ("dalend (beter)", "↓",
                     "In de laatste jaren is de waarde significant gedaald; dat is een verbetering."),
    "dalend_slechter": ("dalend (slechter)", "↓",
                        "In de laatste jaren is de waarde significant gedaald; dat is een verslechtering."),
    "stijgend": ("stijgend", "↑", "In de laatste jaren is de waarde significant gestegen."),
    "dalend": ("dalend", "↓", "In de laatste jaren is de waarde significant gedaald."),
    "geen_verandering": ("geen significante verandering", "→",
                         "In de laatste jaren is er geen significante verandering."),
    "onvoldoende_data": ("te weinig jaren", "", "Er zijn te weinig jaren om iets over de trend te zeggen."),
    "jaar_verborgen": ("niet berekend", "",
                       "Geen trend: niet alle vijf jaren zijn gepubliceerd, en een trend zou iets zeggen over "
                       "de jaren die niet getoond worden."),
}
#: The trend of a series one of whose five years is not published (disclosure control).
TREND_HIDDEN = "jaar_verborgen"


def status_label(key: str) -> str:
    """The Dutch words for a status (the key itself when unknown)."""
    return STATUS_LABELS.get(key, key)


def trend_label(key: str | None) -> str:
    """The short Dutch label of a trend outcome (empty when there is none)."""
    return TRENDS[key][0] if key in TRENDS else ""


def trend_arrow(key: str | None) -> str:
    return TRENDS[key][1] if key in TRENDS else ""


def trend_sentence(key: str | None) -> str | None:
    return TRENDS[key][2] if key in TRENDS else None


# The programme's three action lines and six goals (Actieprogramma Kansrijke Start, 2018; seed 001,
# sections 2 and 4); catalogues refer to them by number (``action_lines``, ``goals``).
ACTION_LINES: dict[int, str] = {
    1: "Voor de zwangerschap",
    2: "Tijdens de zwangerschap",
    3: "Na de geboorte",
}
GOALS: dict[int, str] = {
    1: "Meer kwetsbare ouders starten goed voorbereid met hun zwangerschap.",
    2: "Minder ongeplande en onbedoelde zwangerschappen in kwetsbare gezinnen.",
    3: "Problemen (ook niet-medische) bij (aanstaande) kwetsbare gezinnen worden beter gesignaleerd.",
    4: "Meer aanstaande kwetsbare ouders krijgen eerder de juiste hulp.",
    5: "Meer kwetsbare ouders zijn toegerust voor het ouderschap en de opvoeding.",
    6: "Minder baby's en jonge kinderen worden uit huis of onder toezicht geplaatst.",
}


def action_line_title(number: int) -> str:
    """``Actielijn 2: Tijdens de zwangerschap``."""
    name = ACTION_LINES.get(number)
    return f"Actielijn {number}: {name}" if name else f"Actielijn {number}"
