from django.urls import path

from . import views

app_name = "activity"

urlpatterns = [
    path("", views.cadre_home, name="home"),
    path("overview/", views.overview, name="overview"),
    path("visits/<int:pk>/review/", views.visit_review, name="visit_review"),
    path("proposals/<int:pk>/answer/", views.proposal_answer, name="proposal_answer"),
    path("files/<slug:kind>/<int:pk>/", views.submission_file, name="file"),
]
