"""The central installation's own pages (namespace `central`), included by config.urls_central:
the comparison and the central reports here; the provinces, keys and snapshots pages beside
them."""

from django.urls import path

from . import views_comparison, views_reports

app_name = "central"

urlpatterns = [
    path("comparison/", views_comparison.comparison_page, name="comparison"),
    path("reports/", views_reports.central_reports, name="reports"),
]
