from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import Cadre
from reports import render, services
from reports.models import ReportJob

DEFAULT_FORMAT = {"summary": "pdf", "workbook": "xlsx", "cadre": "pdf"}


class Command(BaseCommand):
    help = (
        "Build a year's report synchronously, with the same code as the web page. Without "
        "--kind: the summary PDF and the workbook into --out-dir (default: here)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--kind", choices=sorted(DEFAULT_FORMAT))
        parser.add_argument("--format", choices=["pdf", "xlsx"])
        parser.add_argument("--out", help="file to write (one kind)")
        parser.add_argument("--out-dir", default=".", help="folder to write into")
        parser.add_argument("--cadre", type=int, help="cadre id, for --kind cadre")
        parser.add_argument("--number", default="", help="the document number, e.g. 127")

    def handle(self, *args, **options):
        year = options["year"]
        kinds = [options["kind"]] if options["kind"] else ["summary", "workbook"]
        written = []
        for kind in kinds:
            wanted = options["format"] or DEFAULT_FORMAT[kind]
            if wanted != DEFAULT_FORMAT[kind]:
                raise CommandError(
                    _("The %(kind)s report is made as %(format)s only.")
                    % {"kind": kind, "format": DEFAULT_FORMAT[kind]}
                )
            try:
                services.report_check_printable(kind)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            job = ReportJob(kind=kind, year=year, document_number=options["number"])
            if kind == "cadre":
                cadre = Cadre.objects.filter(pk=options["cadre"] or 0).first()
                if cadre is None:
                    raise CommandError(_("Give --cadre with the id of a cadre."))
                try:
                    services.report_check_cadre(year=year, cadre=cadre)
                except ValidationError as exc:
                    raise CommandError(" ".join(exc.messages)) from exc
                job.cadre = cadre
            figures = services.figures_for(job)
            if kind == "summary":
                content = render.summary_pdf(
                    figures, document_number=options["number"], issued_on=timezone.localdate()
                )
            else:
                content = services.render_job(job, figures)
            if options["out"] and len(kinds) == 1:
                path = Path(options["out"])
            else:
                path = Path(options["out_dir"]) / job.filename
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            written.append(path)
        for path in written:
            self.stdout.write(str(path))
