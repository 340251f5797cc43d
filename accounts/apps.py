from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import checks  # noqa: F401 - registers the deploy check
        from .roles import sync_roles_after_migrate

        # Models added by later migrations bring new permissions: give them to the roles too.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")
