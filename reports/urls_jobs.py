"""A report job's progress and download, alone: the central installation (config.urls_central)
includes these under the `reports` namespace that the job's progress fragment links to
(templates/reports/job_status.html), without the province's report pages."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("<int:pk>/", views.job_status, name="job_status"),
    path("<int:pk>/download/", views.job_download, name="download"),
]
