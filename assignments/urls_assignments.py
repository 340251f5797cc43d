from django.urls import path

from .views import assignments

app_name = "assignments"

urlpatterns = [
    path("", assignments.dashboard, name="dashboard"),
    path("coverage/<slug:kind>/", assignments.coverage_list, name="coverage_list"),
    path("new/", assignments.assignment_new, name="new"),
    path("<int:pk>/reassign/", assignments.assignment_reassign, name="reassign"),
    path("<int:pk>/end/", assignments.assignment_end, name="end"),
    path("annex.xlsx", assignments.annex_export, name="annex"),
    path("history/", assignments.audit_trail, name="audit_trail"),
]
