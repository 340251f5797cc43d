from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def second_factor_required(app_configs, **kwargs):
    """In production, staff, leaders and the administrator log in with a second factor."""
    if settings.REQUIRE_TOTP:
        return []
    return [
        Warning(
            "REQUIRE_TOTP is off: staff, leader and administrator accounts can log in with a "
            "password alone.",
            hint="Set REQUIRE_TOTP=1 in production.",
            id="accounts.W001",
        )
    ]
