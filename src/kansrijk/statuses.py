"""The statuses a figure can have, from intake to publication: one vocabulary for every module.

A source gives a figure with its counts (``gepubliceerd``) or says why it gives none
(``niet_aangeboden``, ``niet_geregistreerd``, ``geen_data``, or ``privacy`` when it withholds the
figure itself). Disclosure control adds ``te_klein`` (a small number) and ``privacy`` (hidden to
protect a small number elsewhere). The Dutch words users read for them are in
:mod:`kansrijk.publish.formatting`.
"""

from __future__ import annotations

PUBLISHED = "gepubliceerd"
TOO_SMALL = "te_klein"
PRIVACY = "privacy"
NOT_OFFERED = "niet_aangeboden"
NOT_REGISTERED = "niet_geregistreerd"
NO_DATA = "geen_data"

# What a partner chooses for a figure it does not supply (the portal's form and Excel template).
STATUSES_WITHOUT_NUMBERS = (NOT_OFFERED, NOT_REGISTERED, NO_DATA)
# Everything a source may give instead of counts ("Om redenen van privacy zijn deze cijfers niet per
# gemeente beschikbaar": imported like the statuses above, published with the privacy reason).
WITHHELD_STATUSES = (*STATUSES_WITHOUT_NUMBERS, PRIVACY)
SOURCE_STATUSES = (PUBLISHED, *WITHHELD_STATUSES)
