from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BreakthroughsConfig(AppConfig):
    """Việc đột phá, đổi mới (Tuyên Quang, Quy định 30-QĐ/TU): cadres under the Standing Board's
    management register breakthrough tasks; staff and leaders adjust, approve and assign them;
    progress during the year; the year-end assessment and the Standing Board's conclusion."""

    name = "breakthroughs"
    verbose_name = _("Breakthrough tasks")

    def ready(self):
        from core.todo import provide

        from .reminders import cadre_todo

        def breakthrough_items(user, today):
            # Only a cadre's own account: staff entering on a cadre's behalf see the cadre's
            # activity, not the cadre's own deadlines.
            return cadre_todo(user.cadre, today) if user.cadre_id else []

        provide("cadre", breakthrough_items)
