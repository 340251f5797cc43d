import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class SessionLifetimeMiddleware:
    """End a session a fixed time after login, however active it is (the idle timeout is the
    cookie age, renewed on each request)."""

    KEY = "_auth_started"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(self.KEY)
            now = int(time.time())
            if started is None:
                request.session[self.KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session has expired. Please log in again."))
                return redirect(f"{reverse('login')}?next={request.path}")
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """A user given a password by someone else (a new commune account, a reset) must choose
    their own before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password:
            allowed = {reverse("password_change"), reverse("logout"), reverse("set_language")}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                return redirect("password_change")
        return self.get_response(request)
