from django.contrib import admin
from django.urls import include, path

from core import views as core_views
from reports import views as reports_views

urlpatterns = [
    path("", reports_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("access-log/", core_views.access_log, name="access_log"),
    path("setup/", core_views.organisation_setup, name="organisation_setup"),
    path("accounts/", include("accounts.urls")),
    path("registry/", include("assignments.urls")),
    path("assignments/", include("assignments.urls_assignments")),
    path("evaluations/", include("evaluations.urls")),
    path("reports/", include("reports.urls")),
    path("activity/", include("activity.urls")),
    path("levels/import/", include("hamlets.urls_imports")),
    path("levels/rollup/", include("activity.urls_levels")),
    path("levels/", include("hamlets.urls")),
    path("breakthroughs/", include("breakthroughs.urls")),
    path("snapshots/", include("rollup.urls_snapshots")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
# Media files (reports, cadres' files) are never served as such: each has a view that checks who
# asks and logs the download.

# A database that does not answer gets a 503 page that says to send again (core.errors).
handler500 = "core.errors.server_error"
# A malformed parameter answers 400 with a page that names it (core.params, DECISIONS).
handler400 = "core.errors.bad_request"
