"""The page shown when a request fails on the server."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

RETRY_AFTER_SECONDS = 30


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500. A database that does not answer (restarting, failing over) is a passing
    outage, not a bug: the person is told that nothing was half-saved and to send again in a
    moment (503, Retry-After). Any other error is Django's plain 500.

    Django calls this inside its `except` block, so `sys.exc_info()` holds the error; it also
    catches failures in middleware (loading the session), which a middleware's
    process_exception never sees. The page is rendered without the request: context
    processors would read the session and the user, that is, the database."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request, template_name)
