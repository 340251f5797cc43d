from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from core.forms import form_helper


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Log in"), css_class="w-100")
        self.fields["username"].widget.attrs.update({"autofocus": True, "autocomplete": "username"})


class PasswordChangeCrispyForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Change password"), css_class="")


class TokenForm(forms.Form):
    """The six-digit code an authenticator app shows."""

    token = forms.RegexField(
        label=_("Code from the authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Type the 6 digits the app shows.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "class": "form-control form-control-lg font-monospace text-center",
                "maxlength": 8,
            }
        ),
    )

    def clean_token(self):
        return self.cleaned_data["token"].strip()
