"""Django's own strings that we word differently in Vietnamese.

Listing them here puts them in our catalogue (makemessages finds them), and LOCALE_PATHS
takes precedence over Django's translations. Never imported: extraction reads the file.
"""

from django.utils.translation import gettext_noop as _
from django.utils.translation import ngettext_lazy

OVERRIDES = [
    _(
        "Please enter a correct %(username)s and password. Note that both fields may be "
        "case-sensitive."
    ),
    _("Your old password was entered incorrectly. Please enter it again."),
    _("The two password fields didn’t match."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        1,
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        1,
    ),
    _("Your password can’t be too similar to your other personal information."),
    _("Your password can’t be a commonly used password."),
    _("Your password can’t be entirely numeric."),
    _("This password is too common."),
    _("Null characters are not allowed."),
    _("Enter a whole number."),
    _("This password is entirely numeric."),
    _("The password is too similar to the %(verbose_name)s."),
    _("Username"),
    _("Password"),
    _("This account is inactive."),
]
