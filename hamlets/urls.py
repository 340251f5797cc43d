"""Following at commune level: a commune's hamlets, Party cells, members and who follows which
hamlet (the commune account keeps its own; staff and leaders see every commune's)."""

from django.urls import path  # noqa: F401

app_name = "hamlets"

urlpatterns = []
