from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import LoginForm, PasswordChangeCrispyForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


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


def _credentials_response(rows, name):
    from core.exports import XLSX_MIME

    from .services import credentials_sheet

    response = HttpResponse(credentials_sheet(rows), content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@permission_required("accounts.manage_commune_accounts", raise_exception=True)
def commune_accounts(request):
    """Staff create the missing commune accounts or reset one; the credentials sheet (the only
    place the generated passwords appear) downloads at once."""
    from assignments.models import Commune

    from .services import commune_accounts_create, commune_password_reset

    today = timezone.localdate()
    if request.method == "POST":
        if "reset" in request.POST:
            commune = get_object_or_404(Commune, pk=request.POST["reset"])
            rows = [commune_password_reset(commune=commune)]
            return _credentials_response(rows, f"tai-khoan-{commune.code}.xlsx")
        rows = commune_accounts_create(day=today)
        if not rows:
            messages.info(request, _("Every commune already has an account."))
            return redirect("commune_accounts")
        return _credentials_response(rows, f"tai-khoan-xa-{today:%Y%m%d}.xlsx")
    communes = (
        Commune.objects.valid_on(today)
        .select_related("district", "province")
        .prefetch_related("accounts")
        .order_by("search_name")
    )
    rows = [(c, next(iter(c.accounts.all()), None)) for c in communes]
    return render(
        request,
        "accounts/commune_accounts.html",
        {"rows": rows, "missing": sum(1 for _c, a in rows if a is None)},
    )
