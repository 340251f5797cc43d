"""The administration site's words that come from libraries, in Vietnamese (issue 15).

django-axes ships no Vietnamese catalogue, Django's own lacks a few of its newer admin strings,
and django-otp translates nothing. `makemessages` keeps only the msgids it finds in our source,
so the library strings our administrators read are listed here with `gettext_noop`: our
catalogue (locale/vi) then translates them, as it takes precedence over the libraries' own.

What a library does not mark for translation (django-otp's model name, every app's label) is
named by `name_library_apps`, called from `CoreConfig.ready`; it changes what pages show, not
the models' migration state (which reads the models' original Meta). It also gives Django's
blank choice (BLANK_CHOICE_DASH: the admin's action list, a model field's choices) our words, so
"---------" shows nowhere; our forms name theirs with core.forms.label_empty_choices.
"""

from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

LIBRARY_STRINGS = (
    # Django's admin and auth: strings newer than its Vietnamese catalogue.
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Skip to main content"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. "
        "If disabled, they may still be able to authenticate using other backends, "
        "such as Single Sign-On or LDAP."
    ),
    # django-axes: its fields, filters, fieldsets and actions.
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
)

# App label → the caption of its section on the administration index.
APP_NAMES = {
    "axes": _("Login protection"),
    "otp_totp": _("Two-step verification"),
    "sessions": _("Sessions"),
}

# Model label → (singular, plural). Axes' own names are translatable, but "access log" would
# read like our personal data access log (core.PersonalDataAccess): these say what they hold.
MODEL_NAMES = {
    "axes.AccessAttempt": (
        _("failed login attempt"),
        _("failed login attempts by account and address"),
    ),
    "axes.AccessFailureLog": (_("failed login"), _("failed logins")),
    "axes.AccessLog": (_("login record"), _("login records")),
    "otp_totp.TOTPDevice": (_("authenticator app"), _("authenticator apps")),
}


def name_library_apps(apps):
    """Give the libraries' apps and models their Vietnamese names (those installed), and
    Django's blank choice ours: changed in place, as Django's functions hold that very list as
    their default argument."""
    from .forms import CHOOSE

    BLANK_CHOICE_DASH[:] = [("", CHOOSE)]
    for label, name in APP_NAMES.items():
        if label in apps.app_configs:
            apps.get_app_config(label).verbose_name = name
    for model_label, (singular, plural) in MODEL_NAMES.items():
        app_label, model_name = model_label.split(".")
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        model._meta.verbose_name = singular
        model._meta.verbose_name_plural = plural
