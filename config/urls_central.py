"""The central installation's pages (INSTALLATION_KIND=central, issue 19): provinces and keys,
snapshots, comparison and reports, besides logging in and the set-up. A province's pages do not
exist here."""

from django.contrib import admin
from django.urls import include, path

from core import views as core_views
from rollup import views_central

urlpatterns = [
    path("", views_central.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("setup/", core_views.organisation_setup, name="organisation_setup"),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("rollup.urls_central")),
    # A report job's progress and download (the central reports' page links to them).
    path("report-jobs/", include("reports.urls_jobs")),
]

handler500 = "core.errors.server_error"
handler400 = "core.errors.bad_request"
