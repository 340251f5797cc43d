from django.urls import path

from . import views_snapshots as views

app_name = "snapshots"

urlpatterns = [
    path("", views.home, name="home"),
    path("export/", views.export, name="export"),
    path("public-key/", views.public_key, name="public_key"),
]
