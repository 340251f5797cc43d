from django.urls import path

from . import views

app_name = "activity"

urlpatterns = [
    path("", views.cadre_home, name="home"),
    path("overview/", views.overview, name="overview"),
    path("visits/<int:pk>/review/", views.visit_review, name="visit_review"),
    path("proposals/<int:pk>/answer/", views.proposal_answer, name="proposal_answer"),
    path("files/<slug:kind>/<int:pk>/", views.submission_file, name="file"),
    path("cell-meetings/", views.cell_meetings, name="cell_meetings"),
    path("cell-meetings/new/", views.cell_meeting_new, name="cell_meeting_new"),
    path("cell-meetings/<int:pk>/edit/", views.cell_meeting_edit, name="cell_meeting_edit"),
    path("cell-meetings/<int:pk>/delete/", views.cell_meeting_delete, name="cell_meeting_delete"),
    path("cell-meetings/under-minimum/", views.members_under, name="members_under"),
    path("groups/", views.groups, name="groups"),
    path("groups/new/", views.group_new, name="group_new"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/visits/new/", views.group_visit_new, name="group_visit_new"),
]
