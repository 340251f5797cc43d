"""The province's roll-up of following at every level: per commune and in total, with
drill-down to a commune and a hamlet (staff and leaders)."""

from django.urls import path  # noqa: F401

app_name = "rollup"

urlpatterns = []
