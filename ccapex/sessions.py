"""Idle sessions: the expiry moves forward with activity, but at most once a minute.

Django's SESSION_SAVE_EVERY_REQUEST writes the session row on every page (an UPDATE in a
savepoint: three queries of each list page). Pushing the expiry back only when the last push
is older than SESSION_PROLONGATION ends an idle session between SESSION_COOKIE_AGE minus that
and SESSION_COOKIE_AGE after the last request: never later than the setting says.
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.middleware import SessionMiddleware

# Epoch seconds of the last write of the session (hence of its expiry).
CLE_POUSSEE = "_poussee"


class SessionGlissanteMiddleware(SessionMiddleware):
    def process_response(self, request, response):
        session = getattr(request, "session", None)
        # Sessions that carry a sign-in only: an anonymous visitor with a stale cookie gets no
        # new row, nor does an API call signed by a key (DRF puts its user on the request too).
        if session is not None and SESSION_KEY in session:
            maintenant = int(time.time())
            derniere = session.get(CLE_POUSSEE, 0)
            if session.modified or maintenant - derniere >= settings.SESSION_PROLONGATION:
                session[CLE_POUSSEE] = maintenant
        return super().process_response(request, response)
