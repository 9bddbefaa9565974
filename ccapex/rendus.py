"""Static parts of a page rendered once per process and reused for a short while.

The household list's filter form is the same for every agent of a département and the same
filter values: rendering its dozen widgets (every option through a template) and reading
the département's arrondissements, EPCI and communes cost about as much as the rest of the
page. It is kept `DUREE` seconds in this process (a renamed commune shows after at most that
long), for at most `TAILLE` distinct forms (least recently used dropped first). Blank forms
(`BaseForm.vierge`) are kept here too, one per class.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

DUREE = 60
TAILLE = 256

_rendus: OrderedDict[Hashable, tuple[float, str]] = OrderedDict()
# Threaded servers (runserver, gunicorn gthread) would otherwise race on the eviction.
_verrou = threading.Lock()


def memorise(cle: Hashable, rendre: Callable[[], str]) -> str:
    maintenant = time.monotonic()
    with _verrou:
        trouve = _rendus.get(cle)
        if trouve is not None and trouve[0] > maintenant:
            _rendus.move_to_end(cle)
            return trouve[1]
    texte = str(rendre())  # outside the lock: rendering may query the database
    with _verrou:
        _rendus[cle] = (maintenant + DUREE, texte)
        _rendus.move_to_end(cle)
        while len(_rendus) > TAILLE:
            _rendus.popitem(last=False)
    return texte


def vider() -> None:
    with _verrou:
        _rendus.clear()
