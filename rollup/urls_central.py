"""The central installation's own pages (namespace `central`), included by config.urls_central:
the provinces, keys and snapshots; the comparison and the central reports."""

from django.urls import path

from . import views_central, views_comparison, views_reports

app_name = "central"

urlpatterns = [
    path("provinces/", views_central.provinces, name="provinces"),
    path("provinces/<int:pk>/keys/new/", views_central.province_key_add, name="province_key_add"),
    path("snapshots/", views_central.snapshots, name="snapshots"),
    path("snapshots/import/", views_central.snapshot_upload, name="snapshot_upload"),
    path("snapshots/<int:pk>/", views_central.snapshot_detail, name="snapshot_detail"),
    path("comparison/", views_comparison.comparison_page, name="comparison"),
    path("reports/", views_reports.central_reports, name="reports"),
]
