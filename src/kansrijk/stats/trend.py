"""Recent trend over the last five yearly points (Fingertips "recent trend" marker).

Method (Fingertips trend markers, UKHSA public-health technical guidance):

- only the five most recent points are used; they must be consecutive, non-overlapping years, oldest
  first. Fewer than five usable points (a missing value or a zero denominator among them) gives
  ``onvoldoende_data``, as does a series where the test is undefined (no events at all, or, for a
  proportion, events in every case);
- proportions: chi-square test for linear trend on the counts (Cochran 1954, Biometrics 10:417-451;
  Armitage 1955, Biometrics 11:375-386), with time scores t = 1..5 and pooled proportion p::

      U = sum t_i (x_i - n_i p)
      V = p (1 - p) (sum n_i t_i^2 - (sum n_i t_i)^2 / N)
      chi2 = U^2 / V                      (1 df; the statistic of R's prop.trend.test)

- rates and counts: the Poisson analogue, the score test for a log-linear trend in rates (Breslow &
  Day 1987, Statistical Methods in Cancer Research II, IARC), conditional on the total number of
  events X, with person-time weights w_i = n_i / sum n::

      U = sum t_i (x_i - X w_i)
      V = X (sum w_i t_i^2 - (sum w_i t_i)^2)
      chi2 = U^2 / V

  Fingertips itself tests non-proportions by weighted least squares on the values and their
  confidence intervals; kansrijk has the counts, so it uses the count-based score test, which is the
  same test as for proportions when events are rare.
- a trend is reported when chi2 > 9.5495 (the 0.998 quantile of chi-square with 1 df) AND the sign
  of U stays the same in each of the five series with one point left out (original time scores kept),
  so one outlying year cannot make a trend.

Direction ``stijgend`` / ``dalend`` / ``geen_verandering`` / ``onvoldoende_data``; the label combines
it with the polarity: ``stijgend_beter``, ``dalend_slechter``, ... or plain ``stijgend``/``dalend``
for ``no_judgement``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import chdtrc, chdtri

from kansrijk.errors import StatsInputError
from kansrijk.stats.benchmark import HIGHER_IS_BETTER, NO_JUDGEMENT, check_polarity
from kansrijk.stats.estimate import check_counts

RISING = "stijgend"
FALLING = "dalend"
NO_CHANGE = "geen_verandering"
INSUFFICIENT = "onvoldoende_data"

#: Number of most recent yearly points tested.
TREND_POINTS = 5
#: chi-square(1 df) quantile at 0.998: the Fingertips significance threshold.
CRITICAL_CHI_SQUARE = float(chdtri(1, 0.002))  # the chi-square(1) quantile of 0,998

PROPORTION = "proportion"
RATE = "rate"
_METHODS = {
    PROPORTION: "chi-kwadraattoets voor lineaire trend (Cochran-Armitage)",
    RATE: "Poisson-scoretoets voor lineaire trend",
}


@dataclass(frozen=True)
class TrendResult:
    """Outcome of :func:`trend`.

    ``direction`` is ``stijgend``/``dalend``/``geen_verandering``/``onvoldoende_data``; ``label``
    adds the polarity judgement; ``statistic`` (chi-square, 1 df) and ``p_value`` are NaN when the
    test could not be done; ``method`` names the test (Dutch).
    """

    direction: str
    label: str
    statistic: float
    p_value: float
    method: str


def trend(
    numerators: Sequence[float] | ArrayLike,
    denominators: Sequence[float] | ArrayLike,
    kind: str = PROPORTION,
    polarity: str = NO_JUDGEMENT,
) -> TrendResult:
    """Fingertips recent trend over the last five yearly points (oldest first).

    Method: chi-square test for linear trend (Cochran 1954; Armitage 1955) for ``kind="proportion"``,
    Poisson score test for a trend in rates (Breslow & Day 1987) for ``kind="rate"``; significant
    when chi-square > 9.5495 (0.998 level, 1 df) and the direction holds with any one point left out.
    See the module docstring for the formulas.

    Raises :class:`StatsInputError` for unequal lengths, an unknown kind or polarity, or a point
    with a negative count (or, for proportions, a numerator above its denominator).
    """
    check_polarity(polarity)
    if kind not in _METHODS:
        raise StatsInputError(f"Onbekende soort {kind!r} voor een trend; kies uit proportion of rate.")
    num = np.asarray(numerators, dtype=float).ravel()
    den = np.asarray(denominators, dtype=float).ravel()
    if num.shape != den.shape:
        raise StatsInputError(
            f"Tellers en noemers moeten even veel jaren hebben; gekregen: {num.size} tellers en "
            f"{den.size} noemers."
        )
    method = _METHODS[kind]
    insufficient = TrendResult(INSUFFICIENT, INSUFFICIENT, math.nan, math.nan, method)
    if num.size < TREND_POINTS:
        return insufficient
    num, den = num[-TREND_POINTS:], den[-TREND_POINTS:]
    if not (np.isfinite(num).all() and np.isfinite(den).all()) or (den == 0).any():
        return insufficient
    for x, n in zip(num, den):
        check_counts(float(x), float(n), proportion=kind == PROPORTION)

    scores = np.arange(1.0, TREND_POINTS + 1)
    test = proportion_trend_test if kind == PROPORTION else rate_trend_test
    statistic, score = test(num, den, scores)
    if math.isnan(statistic):
        return insufficient
    p_value = float(chdtrc(1, statistic))

    direction = NO_CHANGE
    if statistic > CRITICAL_CHI_SQUARE and score != 0 and _robust(test, num, den, scores, score):
        direction = RISING if score > 0 else FALLING
    return TrendResult(direction, trend_label(direction, polarity), statistic, p_value, method)


def trend_label(direction: str, polarity: str) -> str:
    """Combine a trend direction with polarity: ``stijgend_beter``, ``dalend_slechter``, ``stijgend``."""
    check_polarity(polarity)
    if direction not in (RISING, FALLING) or polarity == NO_JUDGEMENT:
        return direction
    better = (direction == RISING) == (polarity == HIGHER_IS_BETTER)
    return f"{direction}_{'beter' if better else 'slechter'}"


def proportion_trend_test(
    numerators: ArrayLike, denominators: ArrayLike, scores: ArrayLike
) -> tuple[float, float]:
    """Chi-square test for linear trend in proportions: ``(chi-square, U)``.

    Method: Cochran (1954), Armitage (1955); ``U`` is the score whose sign is the direction.
    Returns NaN as statistic when the pooled proportion is 0 or 1 (no variance).
    """
    statistic, u = proportion_trend_scores(numerators, denominators, scores)
    return float(statistic), float(u)


def rate_trend_test(
    numerators: ArrayLike, denominators: ArrayLike, scores: ArrayLike
) -> tuple[float, float]:
    """Score test for a linear (log-linear) trend in Poisson rates: ``(chi-square, U)``.

    Method: Breslow & Day (1987), conditional on the total events. Returns NaN as statistic when
    there are no events.
    """
    statistic, u = rate_trend_scores(numerators, denominators, scores)
    return float(statistic), float(u)


def proportion_trend_scores(
    numerators: ArrayLike, denominators: ArrayLike, scores: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """:func:`proportion_trend_test` for every series along the last axis: arrays ``(chi-square, U)``."""
    x = np.asarray(numerators, dtype=float)
    n = np.asarray(denominators, dtype=float)
    t = np.asarray(scores, dtype=float)
    total = n.sum(axis=-1)
    p = x.sum(axis=-1) / total
    u = np.sum(t * (x - n * p[..., None]), axis=-1)
    v = p * (1 - p) * (np.sum(n * t**2, axis=-1) - np.sum(n * t, axis=-1) ** 2 / total)
    return _chi_square(u, v), u


def rate_trend_scores(
    numerators: ArrayLike, denominators: ArrayLike, scores: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """:func:`rate_trend_test` for every series along the last axis: arrays ``(chi-square, U)``."""
    x = np.asarray(numerators, dtype=float)
    n = np.asarray(denominators, dtype=float)
    t = np.asarray(scores, dtype=float)
    events = x.sum(axis=-1)
    w = n / n.sum(axis=-1)[..., None]
    u = np.sum(t * (x - events[..., None] * w), axis=-1)
    v = events * (np.sum(w * t**2, axis=-1) - np.sum(w * t, axis=-1) ** 2)
    return _chi_square(u, v), u


def _chi_square(u: NDArray[np.float64], v: NDArray[np.float64]) -> NDArray[np.float64]:
    """``U^2 / V``, NaN where the variance is not positive (or undefined)."""
    positive = v > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(positive, u**2 / np.where(positive, v, 1.0), np.nan)


_Test = Callable[[ArrayLike, ArrayLike, ArrayLike], tuple[float, float]]


def _robust(
    test: _Test,
    num: NDArray[np.float64],
    den: NDArray[np.float64],
    scores: NDArray[np.float64],
    score: float,
) -> bool:
    """True when U keeps its sign with each single point left out."""
    for left_out in range(len(num)):
        keep = np.arange(len(num)) != left_out
        _, sub_score = test(num[keep], den[keep], scores[keep])
        if sub_score == 0 or (sub_score > 0) != (score > 0):
            return False
    return True


def trend_labels(
    numerators: ArrayLike,
    denominators: ArrayLike,
    kind: str = PROPORTION,
    polarity: str = NO_JUDGEMENT,
) -> NDArray[np.object_]:
    """:func:`trend` for many series at once: the label of every row of two (series, 5) arrays.

    Each row holds one series' last five yearly points, oldest first. The method, the insufficient-data
    rules and the errors are those of :func:`trend`; the tests run on all rows together.
    """
    check_polarity(polarity)
    if kind not in _METHODS:
        raise StatsInputError(f"Onbekende soort {kind!r} voor een trend; kies uit proportion of rate.")
    num = np.asarray(numerators, dtype=float).reshape(-1, TREND_POINTS)
    den = np.asarray(denominators, dtype=float).reshape(-1, TREND_POINTS)
    labels = np.full(len(num), INSUFFICIENT, dtype=object)
    usable = np.isfinite(num).all(axis=1) & np.isfinite(den).all(axis=1) & ~(den == 0).any(axis=1)
    _check_points(num[usable], den[usable], kind)
    scores_of = proportion_trend_scores if kind == PROPORTION else rate_trend_scores
    scores = np.arange(1.0, TREND_POINTS + 1)
    # unusable rows are computed along and then ignored: their warnings mean nothing
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic, score = scores_of(num, den, scores)
        tested = usable & ~np.isnan(statistic)
        significant = tested & (statistic > CRITICAL_CHI_SQUARE) & (score != 0)
        for left_out in range(TREND_POINTS):
            keep = np.arange(TREND_POINTS) != left_out
            _, sub_score = scores_of(num[:, keep], den[:, keep], scores[keep])
            significant &= (sub_score != 0) & ((sub_score > 0) == (score > 0))
    labels[tested] = NO_CHANGE
    labels[significant & (score > 0)] = trend_label(RISING, polarity)
    labels[significant & (score < 0)] = trend_label(FALLING, polarity)
    return labels


def _check_points(num: NDArray[np.float64], den: NDArray[np.float64], kind: str) -> None:
    """Raise the error of :func:`trend` for the first point that is not a valid count."""
    bad = (num < 0) | (den < 0)
    if kind == PROPORTION:
        bad |= num > den
    if bad.any():
        row, col = np.argwhere(bad)[0]
        check_counts(float(num[row, col]), float(den[row, col]), proportion=kind == PROPORTION)


__all__ = [
    "CRITICAL_CHI_SQUARE",
    "TrendResult",
    "proportion_trend_scores",
    "proportion_trend_test",
    "rate_trend_scores",
    "rate_trend_test",
    "trend",
    "trend_label",
    "trend_labels",
]
