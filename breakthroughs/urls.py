"""Breakthrough tasks: a cadre's own, the province's list, review, approval and conclusion."""

from django.urls import path  # noqa: F401

app_name = "breakthroughs"

urlpatterns = []
