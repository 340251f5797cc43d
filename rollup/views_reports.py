"""The centre's report page (issue 19): the central PDF and workbook, requested here and built by
the task queue from the stored snapshots (reports.services.report_request; the builders are
rollup.report's, registered through reports.kinds). Progress and download are reports' own job
views (reports.urls_jobs)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import Organisation
from core.permissions import can
from reports.models import ReportJob
from reports.services import report_request

from .figures import years_with_snapshots

CENTRAL_KINDS = (ReportJob.Kind.CENTRAL, ReportJob.Kind.CENTRAL_XLSX)


class CentralReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Report"),
        choices=[(k.value, k.label) for k in CENTRAL_KINDS],
    )
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    number = forms.CharField(
        label=gettext_lazy("Document number"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Printed as “Số 127-BC/BTCTW”; may stay empty until it is given."),
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        self.fields["year"].error_messages["invalid_choice"] = gettext_lazy(
            "No snapshot has been imported for that year."
        )


def may_request(user):
    return user.has_perm("rollup.request_central_report") or user.has_perm("reports.request_report")


@can("reports.view_reportjob")
def central_reports(request):
    years = years_with_snapshots()
    form = CentralReportForm(request.POST or None, years=years)
    if request.method == "POST":
        if not may_request(request.user):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                job, enqueued = report_request(
                    kind=data["kind"],
                    year=data["year"],
                    user=request.user,
                    document_number=data["number"],
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("central:reports")
            if not enqueued:
                messages.warning(
                    request,
                    _(
                        "The report service is not reachable right now. Your request is kept "
                        "and will be built as soon as the service is back; this page shows it "
                        "when it is ready."
                    ),
                )
            return redirect(f"{reverse('central:reports')}#job-{job.pk}")
    jobs = ReportJob.objects.filter(kind__in=CENTRAL_KINDS).select_related("requested_by")[:30]
    return render(
        request,
        "rollup/reports.html",
        {
            "years": years,
            "form": form,
            "jobs": jobs,
            "can_request": may_request(request.user),
            "setup_missing": Organisation.current().report_blockers(),
        },
    )
