"""Following at commune level: a commune's hamlets, Party cells, members and who follows which
hamlet (the commune account keeps its own; staff and leaders see every commune's)."""

from django.urls import path

from . import views

app_name = "hamlets"

urlpatterns = [
    path("", views.home, name="home"),
    path("communes/<int:commune_pk>/", views.commune_overview, name="commune"),
    path("communes/<int:commune_pk>/coverage/", views.coverage, name="coverage"),
    path("communes/<int:commune_pk>/hamlets/new/", views.hamlet_new, name="hamlet_new"),
    path("communes/<int:commune_pk>/cells/", views.cell_list, name="cells"),
    path("communes/<int:commune_pk>/cells/new/", views.cell_new, name="cell_new"),
    path("communes/<int:commune_pk>/members/", views.member_list, name="members"),
    path("communes/<int:commune_pk>/members/new/", views.member_new, name="member_new"),
    path("communes/<int:commune_pk>/assignments/new/", views.assignment_new, name="assignment_new"),
    path("hamlets/<int:pk>/", views.hamlet_history, name="hamlet"),
    path("hamlets/<int:pk>/edit/", views.hamlet_edit, name="hamlet_edit"),
    path("cells/<int:pk>/edit/", views.cell_edit, name="cell_edit"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("assignments/<int:pk>/end/", views.assignment_end, name="assignment_end"),
]
