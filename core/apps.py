from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("System")

    def ready(self):
        from django.apps import apps

        from .library_strings import name_library_apps

        name_library_apps(apps)
