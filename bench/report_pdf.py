"""The annual summary PDF for a province (151 communes) and for the whole country (3,321), against
WeasyPrint rendering the same HTML as one document (the floor, measured in the same run).

    .venv/bin/python bench/report_pdf.py            # 3,321 and 151 communes
    .venv/bin/python bench/report_pdf.py --quick    # 151 communes only
    .venv/bin/python bench/report_pdf.py --communes 151 --repeat 9   # one size, more builds

The issue "Close to the floor": 3,321 communes within 25 s and 300 MB a process (the summary's
appendix is rendered in pieces by processes of their own: the peak is the largest of them, or
the process that merges them), 151 communes within 1 s. Each size: one child process fills a
fresh database (SQLite, or DATABASE_URL's server) and times the figures; a second loads the
snapshot and builds the PDF once cold, then three times warm, as a report worker does: the
figure is the median of the warm builds (a Celery worker renders report after report), the cold
one (WeasyPrint's import and first use of the fonts) is in the note, with the best warm build;
the peak memory is that process's (and its pieces'). A third renders the same snapshot by
reports.pdf as one document (what the pieces are for), in a process of its own so that its
memory is not counted as the builds'; a fourth renders the same
HTML as one document with WeasyPrint as it comes (its own user-agent stylesheet: reports.pdf
renders with a leaner one that gives the same file), warm, three times.
The data: one cadre per commune (agencies of 30), a closed round with every form submitted and a
spread of levels and proposals. The last PDF of each size is kept in the temporary folder, as
bench-report-<cadres>.pdf, to look at.
"""

import json
import random
import resource
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPETITIONS, ROOT, Row, bench_env, django_setup, markdown, median_of  # noqa: E402

LEVELS = ["excellent", "good", "good", "good", "completed", "not_completed"]
ISSUED_ON = date(2026, 12, 20)
GOAL_S = {3_321: 25, 151: 1}
GOAL_MB = 300


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


def _quiet():
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)


def _peak_mb():
    """The largest process's peak RSS: this one, or the largest of its children (the chunks)."""
    return round(
        max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024
    )


def child_data(communes, folder):
    """Fill the database, time the figures, keep the snapshot and the one-document HTML."""
    django_setup()
    populate(int(communes))
    from reports import render
    from reports.figures import annual_summary

    figures_s, figures = median_of(lambda: annual_summary(2026))
    folder = Path(folder)
    (folder / "figures.json").write_text(json.dumps(figures, default=str), encoding="utf-8")
    html = render.summary_html(figures, document_number="127", issued_on=ISSUED_ON)
    (folder / "summary.html").write_text(html, encoding="utf-8")
    return {"figures_s": figures_s}


def child_render(folder, repetitions=REPETITIONS):
    """Build the PDF from the snapshot once cold (this process has not imported WeasyPrint
    yet), then `repetitions` times warm, as a report worker does. The peak memory is read
    here, where only the builds ran: the one-document reference renders in its own child
    (`child_single`), or its gigabyte would count as this process's peak."""
    django_setup()
    _quiet()
    import io
    import statistics
    import time

    from pypdf import PdfReader

    from reports import render

    figures = json.loads((Path(folder) / "figures.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    render.summary_pdf(figures, document_number="127", issued_on=ISSUED_ON)
    cold_s = time.perf_counter() - started
    builds = []
    for _ in range(int(repetitions)):
        started = time.perf_counter()
        pdf = render.summary_pdf(figures, document_number="127", issued_on=ISSUED_ON)
        builds.append(time.perf_counter() - started)
    out = Path(tempfile.gettempdir()) / f"bench-report-{len(figures['cadres'])}.pdf"
    out.write_bytes(pdf)
    return {
        "render_s": statistics.median(builds),
        "render_best_s": min(builds),
        "cold_s": cold_s,
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "kb": len(pdf) // 1024,
        "peak_mb": _peak_mb(),
        "file": str(out),
    }


def child_single(folder, repetitions=REPETITIONS):
    """The same snapshot rendered by reports.pdf as one document (what the pieces are for),
    warm, `repetitions` times, right after the builds."""
    django_setup()
    _quiet()
    import statistics
    import time

    from reports import render
    from reports.pdf import html_to_pdf

    figures = json.loads((Path(folder) / "figures.json").read_text(encoding="utf-8"))

    def one_document():
        return html_to_pdf(render.summary_html(figures, document_number="127", issued_on=ISSUED_ON))

    html_to_pdf("<p>x</p>")  # warm: WeasyPrint's first use (fonts) outside the clock
    singles = []
    for _ in range(int(repetitions)):
        started = time.perf_counter()
        one_document()
        singles.append(time.perf_counter() - started)
    return {"single_s": statistics.median(singles), "single_best_s": min(singles)}


def child_floor(folder):
    """WeasyPrint alone, as it comes, on the same HTML, as one document in one process (warm:
    imported before the clock starts)."""
    django_setup()
    _quiet()
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from reports.pdf import static_base_url

    html = (Path(folder) / "summary.html").read_text(encoding="utf-8")
    floor_s, _pdf = median_of(
        lambda: HTML(string=html, base_url=static_base_url()).write_pdf(
            font_config=FontConfiguration()
        )
    )
    return {"floor_s": floor_s, "peak_mb": _peak_mb()}


CHILDREN = {
    "data": child_data,
    "render": child_render,
    "single": child_single,
    "floor": child_floor,
}


def _run(env, *args):
    out = subprocess.run(
        [sys.executable, __file__, "--child", *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if out.returncode:
        raise RuntimeError(f"report_pdf {' '.join(map(str, args))}: {out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_size(communes, repetitions=REPETITIONS):
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_env(tmp)
        data = _run(env, "data", communes, tmp)
        built = _run(env, "render", tmp, repetitions)
        built.update(_run(env, "single", tmp, repetitions))
        floor = _run(env, "floor", tmp)
    total = data["figures_s"] + built["render_s"]
    name = f"annual PDF, {communes:,} communes"
    goal = GOAL_S.get(communes)
    rows = [
        Row(
            name,
            total,
            "s",
            floor["floor_s"],
            f"≤ {goal} s" if goal else "—",
            total <= goal if goal else True,
            f"figures {data['figures_s']:.2f} s + PDF {built['render_s']:.2f} s (warm worker, "
            f"median of {repetitions}, best {built['render_best_s']:.2f} s; one document by "
            f"reports.pdf in the same run {built['single_s']:.2f} s, best "
            f"{built['single_best_s']:.2f} s; cold process {built['cold_s']:.2f} s); "
            f"{built['pages']} pages, {built['kb']} KB",
        )
    ]
    if communes > 1_000:
        rows.append(
            Row(
                f"{name}, peak memory",
                built["peak_mb"],
                "MB",
                floor["peak_mb"],
                f"≤ {GOAL_MB} MB per process",
                built["peak_mb"] <= GOAL_MB,
                "largest process (the merging one or a chunk's); floor: one document",
            )
        )
    return rows


def measure(quick=False, sizes=None, repetitions=REPETITIONS):
    sizes = sizes or ([151] if quick else [3_321, 151])
    return [row for communes in sizes for row in measure_size(communes, repetitions)]


def _option(name, default):
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps(CHILDREN[sys.argv[2]](*sys.argv[3:])))
        return
    communes = _option("--communes", None)
    rows = measure(
        quick="--quick" in sys.argv,
        sizes=[communes] if communes else None,
        repetitions=_option("--repeat", REPETITIONS),
    )
    print(markdown(rows))


if __name__ == "__main__":
    main()
