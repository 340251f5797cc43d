"""Loading hamlets and commune members from a workbook: staff for the whole province, a commune
account for its own (the same template and the same import engine as the provincial level)."""

from django.urls import path

from . import views_imports as views

app_name = "hamlet_imports"

urlpatterns = [
    path("", views.import_start, name="import_start"),
    path("<int:pk>/", views.import_preview, name="import_preview"),
    path("<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("<int:pk>/map/", views.import_map, name="import_map"),
    path("template/<slug:kind>.xlsx", views.import_template, name="import_template"),
]
