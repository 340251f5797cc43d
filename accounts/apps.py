from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import (
            access,
            checks,  # noqa: F401 - registers the deploy check
        )
        from .middleware import SessionLifetimeMiddleware
        from .roles import sync_roles_after_migrate

        access.connect()  # a change of groups or permissions reaches every cached role
        user_logged_in.connect(
            SessionLifetimeMiddleware.logged_in, dispatch_uid="accounts.session_clocks"
        )

        # Models added by later migrations bring new permissions: give them to the roles too.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")
