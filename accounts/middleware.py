import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import access
from .roles import SECOND_FACTOR_ROLES


class SessionLifetimeMiddleware:
    """End a session a fixed time after login, however active it is; and slide the idle timeout
    (the session's age) while the user works, renewing it at most once a minute rather than
    writing the session on every request."""

    KEY = "_auth_started"
    RENEWED = "_renewed"

    def __init__(self, get_response):
        self.get_response = get_response

    @classmethod
    def logged_in(cls, sender, request, user, **kwargs):
        """Start both clocks as the login saves its new session, so that the first page after
        it does not write the session again."""
        if request is not None and hasattr(request, "session"):
            now = int(time.time())
            request.session[cls.KEY] = now
            request.session[cls.RENEWED] = now

    def __call__(self, request):
        if request.user.is_authenticated:
            access.from_session(request)
            started = request.session.get(self.KEY)
            now = int(time.time())
            if started is None:
                request.session[self.KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session has expired. Please log in again."))
                return redirect(f"{reverse('login')}?next={request.path}")
            if now - request.session.get(self.RENEWED, 0) >= settings.SESSION_RENEW_SECONDS:
                request.session[self.RENEWED] = now  # saved, with a new expiry and cookie
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


def needs_second_factor(user):
    return user.is_authenticated and user.role in SECOND_FACTOR_ROLES


class SecondFactorMiddleware:
    """Staff, leaders and the administrator: once enrolled, no page before the code from the
    authenticator app; with REQUIRE_TOTP, no page before enrolling."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if needs_second_factor(user) and not user.is_verified():
            target = None
            if devices_of(user).filter(confirmed=True).exists():
                target = "otp_verify"
            elif settings.REQUIRE_TOTP:
                target = "otp_setup"
            if target and not self._exempt(request, target):
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _exempt(request, target):
        allowed = {reverse(target), reverse("logout"), reverse("set_language")}
        return request.path in allowed or request.path.startswith(settings.STATIC_URL)


def devices_of(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user)
