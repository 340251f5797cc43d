import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .forms import LoginForm, PasswordChangeCrispyForm, TokenForm
from .middleware import devices_of, needs_second_factor
from .sessions import remember_previous_login


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        # Logging in overwrites last_login; the leaders' home lists what was built since the
        # login before this one.
        previous = form.get_user().last_login
        response = super().form_valid(form)
        remember_previous_login(self.request, previous)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeCrispyForm
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.user.mark_password_changed()
        messages.success(self.request, _("Your password has been changed."))
        return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this when a (username, address) pair has failed too often."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


# --- second factor (TOTP) -------------------------------------------------------------------


def _next_url(request):
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return reverse("home")


def _check_code(form, device):
    """True when the code is right; otherwise the form says why (wrong, or too many tries)."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        form.add_error("token", _("Too many wrong codes. Wait a minute, then type the new code."))
        return False
    if device.verify_token(form.cleaned_data["token"]):
        return True
    form.add_error(
        "token", _("The code is not right. Check the time on your phone and type the current code.")
    )
    return False


def _qr_svg(device):
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@login_required
def otp_setup(request):
    """Enrol an authenticator app (scan the QR code, type a code), or see and remove it."""
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = request.user
    if not needs_second_factor(user):
        raise PermissionDenied
    form = TokenForm(request.POST or None)
    enrolled = devices_of(user).filter(confirmed=True).first()
    if enrolled:
        if request.method == "POST" and form.is_valid():
            if settings.REQUIRE_TOTP:
                messages.error(request, _("Two-step verification is required for your account."))
            elif _check_code(form, enrolled):
                devices_of(user).delete()
                messages.success(request, _("Two-step verification is off."))
                return redirect("otp_setup")
        return render(request, "accounts/otp_enrolled.html", {"form": form, "device": enrolled})
    device = devices_of(user).filter(confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name=str(_("Authenticator app")), confirmed=False
    )
    if request.method == "POST" and form.is_valid() and _check_code(form, device):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(request, _("Two-step verification is on."))
        return redirect(_next_url(request))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr": _qr_svg(device),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next_url(request),
        },
    )


@login_required
def otp_verify(request):
    """The second step of logging in: the code from the authenticator app."""
    from django_otp import login as otp_login

    user = request.user
    device = devices_of(user).filter(confirmed=True).first() if needs_second_factor(user) else None
    if device is None or user.is_verified():
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check_code(form, device):
        otp_login(request, device)
        return redirect(_next_url(request))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})
