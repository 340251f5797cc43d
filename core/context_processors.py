from django.conf import settings


def organisation(request):
    return {
        "DEBUG": settings.DEBUG,
        "REQUIRE_TOTP": settings.REQUIRE_TOTP,
        "CENTRAL": settings.CENTRAL,  # a central installation's menu (issue 19)
    }
