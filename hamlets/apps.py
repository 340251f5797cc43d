from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HamletsConfig(AppConfig):
    """Following at the second level: each commune's hamlets and Party cells, the commune
    committee's own members, and which member follows which hamlet."""

    name = "hamlets"
    verbose_name = _("Following at commune level")
