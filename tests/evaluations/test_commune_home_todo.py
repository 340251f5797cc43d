"""A commune's home page starts with what it has to do: forms to fill in and send, forms
returned for correction, its cadre's visits to confirm (issue 14)."""

from datetime import date

import pytest
from django.urls import reverse
from freezegun import freeze_time

from activity.models import Visit
from evaluations import services
from evaluations.models import EvaluationRound
from tests.evaluations.conftest import complete_data
from tests.todo import says_nothing_to_do, shown, todo_line, todo_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen():
    with freeze_time("2026-12-12 07:00"):  # three days before the deadline, 15/12/2026
        yield


def _round(staff, year, deadline):
    evaluation_round = services.round_create(
        year=year, opens_on=date(2026, 11, 1), deadline=deadline, user=staff
    )
    return services.round_open(evaluation_round=evaluation_round, user=staff)


@pytest.fixture
def commune_a_work(frozen, staff, assignments, commune_a, commune_b, hung, lan):  # noqa: F811
    """Two rounds open for commune A, which Hùng has followed since 1/7/2025: 2025's, entered
    late (deadline 10/12/2026, past; late forms accepted), where its form is a draft; 2026's
    (deadline 15/12/2026), where its form was submitted and returned for correction. Hùng
    logged two visits still to confirm and one the commune confirmed; Lan's visit at commune
    B is B's to confirm."""
    late = _round(staff, 2025, date(2026, 12, 10))
    draft = late.forms.get(commune=commune_a)
    services.form_save(form=draft, data=complete_data(draft, level=""), version=0, user=staff)
    evaluation_round = _round(staff, 2026, date(2026, 12, 15))
    form = evaluation_round.forms.get(commune=commune_a)
    form = services.form_save(
        form=form, data=complete_data(form), version=0, user=staff, submit=True, as_staff=True
    )
    services.form_return(form=form, message="Bổ sung số lượt về cơ sở.", user=staff)
    for day, status in (
        (date(2026, 11, 3), Visit.Status.PENDING),
        (date(2026, 11, 20), Visit.Status.PENDING),
        (date(2026, 10, 2), Visit.Status.CONFIRMED),
    ):
        Visit.objects.create(
            cadre=hung,
            commune=commune_a,
            day=day,
            kind="working",
            content="Làm việc",
            status=status,
        )
    Visit.objects.create(
        cadre=lan, commune=commune_b, day=date(2026, 11, 4), kind="cell", content="Dự họp"
    )
    return evaluation_round


def test_it_lists_the_commune_s_forms_and_visits_with_counts_and_links(
    client, commune_a_user, commune_a_work
):
    client.force_login(commune_a_user)
    page = client.get(reverse("home"), follow=True).content
    home = reverse("evaluations:home")
    assert [(line.key, line.count, line.urgency) for line in todo_lines(page)] == [
        ("fill-2025", 1, "now"),
        ("returned-2026", 1, "soon"),
        ("visits", 2, "later"),
    ]
    fill = todo_line(page, "fill-2025")
    assert fill.label == shown("forms to fill in and send, round %(year)s", year=2025)
    assert fill.note == "hạn 10/12/2026, đã quá 2 ngày"
    assert fill.url == f"{home}#round-2025"
    returned = todo_line(page, "returned-2026")
    assert returned.label == shown("forms returned for correction, round %(year)s", year=2026)
    assert returned.note == "hạn 15/12/2026, còn 3 ngày"
    assert returned.url == f"{home}#round-2026"
    visits = todo_line(page, "visits")
    assert visits.label == shown("visits logged by your cadre, to confirm")
    assert visits.url == f"{home}#pending-visits"
    # Each link leads to its section of the page.
    assert b'id="round-2025"' in page
    assert b'id="round-2026"' in page
    assert b'id="pending-visits"' in page


def test_it_gives_the_commune_s_own_deadline_when_it_was_extended(
    client, staff, commune_a, commune_a_user, commune_a_work
):
    services.deadline_extend(
        evaluation_round=commune_a_work,
        commune=commune_a,
        deadline=date(2026, 12, 22),
        reason="Bão lũ",
        user=staff,
    )
    client.force_login(commune_a_user)
    page = client.get(reverse("evaluations:home")).content
    returned = todo_line(page, "returned-2026")
    assert returned.note == "hạn 22/12/2026, còn 10 ngày"
    # Ten days left, but the Organization Department is waiting for it: still near the top.
    assert returned.urgency == "soon"


def test_it_puts_forms_past_the_deadline_first(client, commune_a_user, commune_a_work):
    with freeze_time("2026-12-16 07:00"):
        client.force_login(commune_a_user)
        page = client.get(reverse("evaluations:home")).content
    assert [(line.key, line.urgency) for line in todo_lines(page)] == [
        ("fill-2025", "now"),
        ("returned-2026", "now"),
        ("visits", "later"),
    ]
    assert todo_line(page, "returned-2026").note == "hạn 15/12/2026, đã quá 1 ngày"


def test_it_leaves_out_forms_a_round_closed_at_its_deadline_no_longer_takes(
    client, commune_a_user, commune_a_work
):
    EvaluationRound.objects.update(late_policy=EvaluationRound.LatePolicy.CLOSED)
    client.force_login(commune_a_user)
    page = client.get(reverse("evaluations:home")).content
    assert [line.key for line in todo_lines(page)] == ["returned-2026", "visits"]


def test_it_tells_a_commune_with_nothing_to_do_so(client, commune_b_user):
    client.force_login(commune_b_user)
    page = client.get(reverse("evaluations:home")).content
    assert todo_lines(page) == []
    assert says_nothing_to_do(page)


@pytest.mark.parametrize("late_policy", ["accept", "closed"])
def test_the_home_s_count_over_its_loaded_forms_says_what_the_query_says(
    staff, commune_a, commune_a_work, late_policy
):
    """The home counts the to-do over the forms it has already loaded; everyone else asks the
    database. Both say the same, with an extension and either late policy."""
    from evaluations.figures import commune_forms_to_do
    from evaluations.models import EvaluationForm

    EvaluationRound.objects.filter(year=2025).update(late_policy=late_policy)
    services.deadline_extend(
        evaluation_round=commune_a_work,
        commune=commune_a,
        deadline=date(2026, 12, 22),
        reason="Bão lũ",
        user=staff,
    )
    today = date(2026, 12, 12)
    forms = list(
        EvaluationForm.objects.expected()
        .filter(commune=commune_a)
        .select_related("round")
        .with_deadline()
    )

    def rows(found):
        return [(r.round.year, r.deadline, r.to_fill, r.returned) for r in found]

    assert rows(commune_forms_to_do(commune_a.pk, today, forms)) == rows(
        commune_forms_to_do(commune_a.pk, today)
    )
    assert rows(commune_forms_to_do(commune_a.pk, today, forms))[-1] == (
        2026,
        date(2026, 12, 22),
        0,
        1,
    )
