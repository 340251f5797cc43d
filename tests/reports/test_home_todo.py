"""The staff's and the leaders' home pages say what to do next: a to-do list with counts and
links, the most urgent first (issue 14), and counts of the map in force today."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from activity.models import ActivityYear, Plan, Report
from assignments import services as assignment_services
from assignments.models import Commune
from core.models import ImportUpload, Organisation
from evaluations import services
from reports.models import ReportJob
from reports.todo import staff_todo
from tests.accounts.old_map import old_commune
from tests.conftest import PASSWORD, make_user
from tests.evaluations.conftest import complete_data
from tests.factories import CadreFactory, CommuneFactory
from tests.html import by_testid
from tests.todo import says_nothing_to_do, shown, todo_line, todo_lines

pytestmark = pytest.mark.django_db

# Three days before the 2026 round's deadline (15/12/2026), in the afternoon in Hà Nội.
TODAY = "2026-12-12 07:00"


@pytest.fixture
def frozen():
    with freeze_time(TODAY):
        yield


def _aware(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


@pytest.fixture
def province_data(frozen, staff, province, commune_a, commune_b, assignments, hung, lan):  # noqa: F811
    """Communes in force today: A (Hùng), B (Lan), C (nobody), D (Ông Sắp Nghỉ, retiring in
    June 2027, from 1/11/2026: too short for a form); one commune of the map before 1/7/2025,
    followed by nobody, which today's counts leave out. Round 2026 (deadline 15/12/2026): A's
    form submitted, B's not. Activity 2026, every deadline passed: Hùng sent his plan and
    6-month report, Lan her 6-month report, the retiring cadre nothing."""
    CommuneFactory(province=province, name="Xã Chưa Có Ai", code="09003")
    commune_d = CommuneFactory(province=province, name="Xã Có Người Sắp Nghỉ", code="09004")
    old_commune("04793", "Xã Cũ Không Ai Theo Dõi")
    retiring = CadreFactory(full_name="Ông Sắp Nghỉ", date_of_birth=date(1965, 9, 1))
    assert retiring.retirement.retires_on == date(2027, 6, 30)
    assignment_services.assignment_create(
        cadre=retiring,
        commune=commune_d,
        start_date=date(2026, 11, 1),
        decision_number="1501-QĐ/TU",
        decision_date=date(2026, 10, 30),
    )
    evaluation_round = services.round_create(
        year=2026, opens_on=date(2026, 11, 15), deadline=date(2026, 12, 15), user=staff
    )
    evaluation_round = services.round_open(evaluation_round=evaluation_round, user=staff)
    form_a = evaluation_round.forms.get(commune=commune_a)
    services.form_save(
        form=form_a,
        data=complete_data(form_a),
        version=0,
        user=staff,
        submit=True,
        as_staff=True,
    )
    ActivityYear.objects.create(
        year=2026,
        plan_deadline=date(2026, 1, 31),
        half_year_deadline=date(2026, 7, 10),
        annual_deadline=date(2026, 12, 10),
    )
    Plan.objects.create(cadre=hung, year=2026, submitted_at=_aware(date(2026, 1, 20)))
    for cadre in (hung, lan):
        Report.objects.create(
            cadre=cadre,
            year=2026,
            period=Report.Period.HALF_YEAR,
            submitted_at=_aware(date(2026, 7, 5)),
        )
    # Workbooks staff uploaded: a cadres file previewed, then superseded by a second one left
    # to confirm; a communes file written; an agencies file refused, and one whose check
    # found errors (its file deleted). Someone else's preview is theirs. One is left for staff.
    checked = ImportUpload.Status.CHECKED
    for kind, status, file, applied in (
        ("cadres", checked, "imports/a.xlsx", None),
        ("cadres", checked, "imports/b.xlsx", None),
        ("communes", ImportUpload.Status.APPLIED, "", timezone.now()),
        ("agencies", ImportUpload.Status.FAILED, "", None),
        ("assignments", checked, "", None),
    ):
        ImportUpload.objects.create(
            kind=kind,
            original_name=f"{kind}.xlsx",
            uploaded_by=staff,
            status=status,
            file=file,
            applied_at=applied,
        )
    other = make_user("chuyenvien2", "staff")
    ImportUpload.objects.create(
        kind="agencies", original_name="a.xlsx", uploaded_by=other, status=checked, file="x.xlsx"
    )
    return evaluation_round


def test_it_lists_staff_work_with_counts_and_links_the_most_urgent_first(
    client, staff, province_data
):
    client.force_login(staff)
    page = client.get(reverse("home")).content
    lines = todo_lines(page)
    assert [(line.key, line.count, line.urgency) for line in lines] == [
        ("uncovered", 1, "now"),
        ("overdue-plan", 2, "now"),
        ("overdue-half", 1, "now"),
        ("overdue-annual", 3, "now"),
        ("accept-2026", 1, "soon"),
        ("owing-2026", 1, "soon"),
        ("retiring", 1, "later"),
        ("imports", 1, "later"),
    ]
    owing = todo_line(page, "owing-2026")
    assert owing.label == shown(
        "communes that have not sent all their forms, round %(year)s", year=2026
    )
    assert owing.note == "hạn 15/12/2026, còn 3 ngày"
    assert owing.url == reverse("evaluations:missing", args=[2026])
    accept = todo_line(page, "accept-2026")
    assert accept.label == shown("forms waiting for acceptance, round %(year)s", year=2026)
    assert accept.url == reverse("evaluations:round", args=[2026]) + "?status=submitted"
    uncovered = todo_line(page, "uncovered")
    assert uncovered.label == shown("communes without a cadre")
    assert uncovered.url == reverse("assignments:coverage_list", args=["uncovered"])
    plans = todo_line(page, "overdue-plan")
    assert plans.label == shown("monitoring plans not received, deadline passed")
    assert plans.url == reverse("activity:overview") + "?year=2026"
    assert todo_line(page, "retiring").url.startswith(
        reverse("assignments:coverage_list", args=["retiring"])
    )
    assert todo_line(page, "imports").url == reverse("registry:import_start")


def test_it_moves_a_round_past_its_deadline_above_the_forms_to_accept(client, staff, province_data):
    with freeze_time("2026-12-17 07:00"):
        client.force_login(staff)
        page = client.get(reverse("home")).content
    keys = [line.key for line in todo_lines(page)]
    assert keys.index("owing-2026") < keys.index("accept-2026")
    owing = todo_line(page, "owing-2026")
    assert owing.urgency == "now"
    assert owing.note == "hạn 15/12/2026, đã quá 2 ngày"


def test_it_counts_the_communes_in_force_today_not_every_commune_ever_loaded(
    client, staff, province_data
):
    assert Commune.objects.count() == 5  # A, B, C, D and the commune of the old map
    client.force_login(staff)
    page = client.get(reverse("home")).content.decode()
    assert by_testid(page, "registry-communes").text == "4"
    assert shown("communes in force today") in page
    # The old commune has no cadre either, and is not counted as a commune without one.
    assert todo_line(page, "uncovered").count == 1


def test_it_tells_staff_when_there_is_nothing_to_do(client, staff):
    client.force_login(staff)
    page = client.get(reverse("home")).content
    assert todo_lines(page) == []
    assert says_nothing_to_do(page)


def test_it_puts_the_set_up_first_while_the_installation_is_not_set_up(staff, commune_a):
    Organisation.objects.update(configured_at=None)
    items = staff_todo(staff, date(2026, 12, 12))
    assert [(item.key, item.count) for item in items] == [("setup", None), ("uncovered", 1)]
    assert items[0].url == reverse("organisation_setup")


@pytest.fixture
def leader_data(year_2026, leader, hung, province):  # noqa: F811 - year_2026: tests/reports
    """Round 2026 (tests/reports/conftest.py): 3 forms expected and submitted, 2 cadres
    evaluated, none proposed for commendation by every form; one form accepted here. Communes
    in force: A, B and Thứ Ba (followed) and one nobody follows; an old-map commune too."""
    services.form_accept(form=year_2026.forms.get(commune__name="Xã Tân Lạc"), user=None)
    CommuneFactory(province=province, name="Xã Chưa Có Ai", code="09003")
    old_commune("04793", "Xã Cũ Không Ai Theo Dõi")
    return year_2026


def _job(kind, finished_at, cadre=None, status=ReportJob.Status.DONE):
    return ReportJob.objects.create(
        kind=kind,
        year=2026,
        cadre=cadre,
        status=status,
        file="reports/2026/x.pdf" if status == ReportJob.Status.DONE else "",
        finished_at=finished_at,
    )


def test_it_shows_leaders_the_headline_ratios_with_numerator_and_denominator(
    client, leader, leader_data
):
    client.force_login(leader)
    page = client.get(reverse("home")).content
    ratios = {
        line.key: (line.figure, line.note) for line in todo_lines(page) if line.urgency == "read"
    }
    assert ratios == {
        "ratio-submitted": ("3/3", "100,0 %"),
        "ratio-accepted": ("1/3", "33,3 %"),
        "ratio-covered": ("3/4", "75,0 %"),
        "ratio-commended": ("0/2", "0,0 %"),
    }
    assert todo_line(page, "ratio-covered").label == shown(
        "communes with a cadre / communes in force today"
    )
    assert todo_line(page, "ratio-commended").url == reverse("reports:results", args=[2026])
    assert todo_line(page, "ratio-submitted").url == reverse("evaluations:round", args=[2026])


def test_it_tells_a_leader_which_reports_were_built_since_their_last_login(
    client, leader, leader_data, hung
):
    now = timezone.now()
    leader.last_login = now - timedelta(hours=12)
    leader.save()
    _job(ReportJob.Kind.SUMMARY, now - timedelta(days=3))
    _job(ReportJob.Kind.SUMMARY, now - timedelta(days=2))  # the same report, built again
    _job(ReportJob.Kind.WORKBOOK, now - timedelta(hours=1))
    _job(ReportJob.Kind.CADRE, now - timedelta(minutes=30), cadre=hung)
    _job(ReportJob.Kind.SUMMARY, None, status=ReportJob.Status.FAILED)

    client.post(reverse("login"), {"username": leader.username, "password": PASSWORD})
    page = client.get(reverse("home")).content
    lines = todo_lines(page)
    assert lines[0].key == "reports-new"
    assert lines[0].count == 2
    assert lines[0].label == shown("reports built since your last login")
    assert lines[0].url == reverse("reports:home")
    assert todo_line(page, "reports-ready").count == 3

    # Still the same session: the same two are new until the next login.
    assert todo_line(client.get(reverse("home")).content, "reports-new").count == 2
    client.logout()
    client.post(reverse("login"), {"username": leader.username, "password": PASSWORD})
    page = client.get(reverse("home")).content
    assert "reports-new" not in [line.key for line in todo_lines(page)]
    assert todo_line(page, "reports-ready").count == 3


def test_it_tells_a_leader_when_there_is_nothing_to_read_yet(client, leader):
    client.force_login(leader)
    page = client.get(reverse("home")).content
    assert todo_lines(page) == []
    assert says_nothing_to_do(page)


def test_it_keeps_a_leader_off_the_staff_list(client, leader, province_data):
    client.force_login(leader)
    keys = [line.key for line in todo_lines(client.get(reverse("home")).content)]
    assert "uncovered" not in keys
    assert "imports" not in keys
