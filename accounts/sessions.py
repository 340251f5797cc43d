"""What a session keeps about its own login.

Django sets `last_login` to now when a user logs in, so "since your last login" needs the
value from before: the login page keeps it in the new session (accounts.views.LoginView)."""

from datetime import datetime

PREVIOUS_LOGIN = "previous_login"


def remember_previous_login(request, previous):
    request.session[PREVIOUS_LOGIN] = previous.isoformat() if previous else None


def previous_login(request):
    """When the user logged in before this session; None for a first login (or a session not
    opened through the login page)."""
    value = request.session.get(PREVIOUS_LOGIN)
    return datetime.fromisoformat(value) if value else None
