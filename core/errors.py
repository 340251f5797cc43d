"""The pages shown when a request fails: a malformed parameter (400), a server error (500/503)."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views import defaults

from core.params import BadParameter

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


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    """handler400. A parameter the page cannot read (core.params) is the user's link or typing:
    the page says which parameter and what is expected, inside the usual layout. Anything else
    Django answers 400 for (a forged host, a broken upload) gets the same page without details,
    rendered without the request, as Django does."""
    if isinstance(exception, BadParameter):
        return render(request, template_name, {"message": exception.args[0]}, status=400)
    return defaults.bad_request(request, exception, template_name)
