from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RollupConfig(AppConfig):
    """The central roll-up (issue 19): a province's installation exports its year's figures as a
    signed snapshot (counts only); a central installation (Vụ Địa phương II, Ban Tổ chức Trung
    ương) registers the provinces it follows with their public keys, imports their snapshots and
    compares them. The provinces run on closed networks: files travel, queries never do."""

    name = "rollup"
    verbose_name = _("Central roll-up")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system check)
        from .report import register

        register()  # the central report's kinds, built by reports' task (reports.kinds)
