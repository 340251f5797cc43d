"""The province's roll-up of following at every level: per commune and in total, with
drill-down to a commune and a hamlet (staff and leaders)."""

from django.urls import path

from . import views_levels

app_name = "rollup"

urlpatterns = [
    path("", views_levels.province, name="province"),
    path("communes/<int:pk>/", views_levels.commune, name="commune"),
    path("hamlets/<int:pk>/", views_levels.hamlet, name="hamlet"),
]
