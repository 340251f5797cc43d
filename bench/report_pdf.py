"""Build the annual summary PDF for a province of 151 communes and for the country's 3,321;
print the build time (figures + PDF) and the peak memory.

    .venv/bin/python bench/report_pdf.py [COMMUNES …]

Each size runs in a fresh process on a fresh SQLite database (or DATABASE_URL's server). The
data: one cadre per commune (agencies of 30), a closed round with every form submitted and a
spread of levels and proposals.
Targets (issue 6): under 10 s for 151 communes, under 60 s for 3,321.
"""

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEVELS = ["excellent", "good", "good", "good", "completed", "not_completed"]


def populate(communes):
    sys.path.insert(0, str(ROOT / "bench"))
    from coverage_dashboard import populate as coverage_populate
    from django.utils import timezone

    from assignments.models import Assignment, Commune
    from evaluations.models import EvaluationForm
    from evaluations.services import round_create

    coverage_populate(communes)
    evaluation_round = round_create(
        year=2026, opens_on=date(2026, 11, 15), deadline=date(2026, 12, 15)
    )
    evaluation_round.opened_at = timezone.now()
    evaluation_round.save()
    criteria = list(evaluation_round.criteria.all())
    rng = random.Random(1)
    submitted = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    EvaluationForm.objects.bulk_create(
        EvaluationForm(
            round=evaluation_round,
            commune_id=a.commune_id,
            cadre_id=a.cadre_id,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            days_followed=365,
            status="submitted",
            submitted_at=submitted,
            level=rng.choice(LEVELS),
            visits=rng.randint(1, 12),
            meetings=rng.randint(0, 8),
            propose_commendation=rng.random() < 0.5,
            propose_replacement=rng.random() < 0.01,
            replacement_reason="Ít về cơ sở",
            strengths="Sâu sát cơ sở.",
            signer_name="Nguyễn Văn A",
            signer_title="Bí thư Đảng ủy",
            answers={str(c.pk): {"comment": "Hoàn thành tốt."} for c in criteria},
        )
        for a in Assignment.objects.all()
    )
    return Commune.objects.count()


def child(communes):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    populate(communes)
    from reports import render
    from reports.figures import annual_summary

    started = time.perf_counter()
    figures = annual_summary(2026)
    figures_s = time.perf_counter() - started
    pdf = render.summary_pdf(figures, document_number="127")
    total_s = time.perf_counter() - started
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(
        json.dumps(
            {
                "communes": communes,
                "figures_s": round(figures_s, 2),
                "total_s": round(total_s, 2),
                "pages": pages,
                "kb": len(pdf) // 1024,
                "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
        )
    )


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [151, 3_321]
    print(
        f"{'communes':>9} {'figures s':>10} {'total s':>8} {'pages':>6} {'KB':>6} "
        f"{'max RSS MB':>11}"
    )
    for communes in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ)
            env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
            env.setdefault("SECRET_KEY", "bench-only-not-secret-0123456789abcdefghijklmnopqrstuv")
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(communes)],
                env=env,
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=False,
            )
            if out.returncode:
                sys.exit(out.stderr[-3000:])
            f = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{f['communes']:>9} {f['figures_s']:>10} {f['total_s']:>8} {f['pages']:>6} "
            f"{f['kb']:>6} {f['max_rss_mb']:>11}"
        )


if __name__ == "__main__":
    main()
