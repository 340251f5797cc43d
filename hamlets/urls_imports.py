"""Loading hamlets and commune members from a workbook: staff for the whole province, a commune
account for its own (the same template and the same import engine as the provincial level)."""

from django.urls import path  # noqa: F401

app_name = "hamlet_imports"

urlpatterns = []
