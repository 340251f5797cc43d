from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data for every screen (`seed_demo`): the only app that imports all the others."""

    name = "demo"
    verbose_name = _("Demo data")
