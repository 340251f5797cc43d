from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activity.models import Plan, Visit

pytestmark = pytest.mark.django_db


def test_the_cadre_submits_a_plan_and_a_bad_file_is_refused(
    client, hung_user, assignments, year_2026
):
    client.force_login(hung_user)
    page = client.post(
        reverse("activity:home"),
        {
            "action": "plan",
            "year": 2026,
            "plan-file": SimpleUploadedFile("kehoach.pdf", b"not really a pdf"),
        },
    ).content.decode()
    assert "kehoach.pdf” không phải tệp PDF thật" in page
    assert Plan.objects.count() == 0
    client.post(
        reverse("activity:home"),
        {
            "action": "plan",
            "year": 2026,
            "plan-file": SimpleUploadedFile("kehoach.pdf", "%PDF-1.4 kế hoạch".encode()),
        },
    )
    plan = Plan.objects.get()
    assert plan.cadre == hung_user.cadre and not plan.on_behalf


def test_a_visit_logged_by_the_cadre_is_confirmed_by_its_commune_only(
    client, hung_user, commune_a_user, commune_b_user, assignments, year_2026
):
    client.force_login(hung_user)
    client.post(
        reverse("activity:home"),
        {
            "action": "visit",
            "year": 2026,
            "visit-commune": commune_a_user.commune_id,
            "visit-day": "15/03/2026",
            "visit-kind": "committee",
            "visit-content": "Dự hội nghị Ban Chấp hành Đảng bộ",
        },
    )
    visit = Visit.objects.get()
    assert (visit.day, visit.status) == (date(2026, 3, 15), "pending")
    client.force_login(commune_b_user)
    assert (
        client.post(reverse("activity:visit_review", args=[visit.pk]), {"confirm": "1"}).status_code
        == 404
    )
    client.force_login(commune_a_user)
    home = client.get(reverse("evaluations:home")).content.decode()
    assert 'data-testid="pending-visits"' in home and "Dự hội nghị Ban Chấp hành" in home
    client.post(reverse("activity:visit_review", args=[visit.pk]), {"confirm": "1"})
    visit.refresh_from_db()
    assert visit.status == "confirmed"


def test_staff_enter_on_a_cadres_behalf_and_see_the_totals(
    client, staff, hung, assignments, year_2026
):
    client.force_login(staff)
    client.post(
        f"{reverse('activity:home')}?cadre={hung.pk}",
        {"action": "plan", "year": 2026, "plan-text": "Kế hoạch theo dõi năm 2026"},
    )
    assert Plan.objects.get().on_behalf is True
    page = client.get(reverse("activity:overview"), {"year": 2026}).content.decode()
    assert 'data-testid="total-visits">0<' in page
    # The deadline (31/01/2026) is past: Lan's plan is missing, Hùng's (entered today) late.
    late = page[page.index('data-testid="late-plans"') :]
    late = late[: late.index("</ul>")]
    assert "Lê Thị Lan" in late and "chưa nộp" in late
    assert "Nguyễn Văn Hùng" in late and "nộp muộn" in late


def test_communes_and_leaders_cannot_write_activity(
    client, commune_a_user, leader, hung, year_2026
):
    client.force_login(commune_a_user)
    home = client.get(reverse("activity:home"))  # a cadre's page: others go to the overview,
    assert (home.status_code, home.url) == (302, reverse("activity:overview"))
    assert client.get(reverse("activity:overview")).status_code == 403  # refused to a commune
    client.force_login(leader)
    assert client.get(reverse("activity:overview")).status_code == 200
    assert client.post(reverse("activity:overview"), {"year": 2026}).status_code == 403
    assert client.get(f"{reverse('activity:home')}?cadre={hung.pk}").status_code == 404


def test_a_cadre_reads_their_own_evaluation_only_once_the_round_is_closed(
    client, hung_user, assignments, staff, commune_a
):
    from evaluations import services as evaluation_services
    from tests.evaluations.conftest import complete_data

    evaluation_round = evaluation_services.round_create(
        year=2026, opens_on=date(2026, 11, 15), deadline=date(2099, 12, 15), user=staff
    )
    evaluation_round = evaluation_services.round_open(evaluation_round=evaluation_round, user=staff)
    mine = evaluation_round.forms.get(commune=commune_a)
    theirs = evaluation_round.forms.exclude(pk=mine.pk).get()
    for form in (mine, theirs):
        evaluation_services.form_save(
            form=form, data=complete_data(form), version=0, user=staff, submit=True, as_staff=True
        )
    client.force_login(hung_user)
    url = reverse("evaluations:form", args=[mine.pk])
    assert client.get(url).status_code == 404  # the round is still open
    evaluation_services.round_close(evaluation_round=evaluation_round, user=staff)
    assert client.get(url).status_code == 200
    assert client.get(reverse("evaluations:form", args=[theirs.pk])).status_code == 404
    listed = client.get(reverse("evaluations:mine")).content.decode()
    assert reverse("evaluations:form", args=[mine.pk]) in listed
    assert reverse("evaluations:form", args=[theirs.pk]) not in listed


def test_a_cadre_opens_by_url_only_the_evaluations_their_page_lists(
    client, hung_user, assignments, staff, commune_a
):
    """One rule (EvaluationForm.objects.visible_to): a form the commune never sent is neither
    listed on the cadre's page nor readable by its URL, even once the round is closed."""
    from evaluations import services as evaluation_services
    from tests.evaluations.conftest import complete_data

    evaluation_round = evaluation_services.round_create(
        year=2026, opens_on=date(2026, 11, 15), deadline=date(2099, 12, 15), user=staff
    )
    evaluation_round = evaluation_services.round_open(evaluation_round=evaluation_round, user=staff)
    mine = evaluation_round.forms.get(commune=commune_a)
    evaluation_services.form_save(
        form=mine, data=complete_data(mine), version=0, user=staff, submit=False, as_staff=True
    )
    evaluation_services.round_close(evaluation_round=evaluation_round, user=staff)
    client.force_login(hung_user)
    listed = client.get(reverse("evaluations:mine"))
    assert listed.status_code == 200
    assert reverse("evaluations:form", args=[mine.pk]) not in listed.content.decode()
    assert client.get(reverse("evaluations:form", args=[mine.pk])).status_code == 404
