"""The queries of the commune's submit flow compiled once (core.prepared, issue 16): each call
runs with its own ids and gives what the ordinary queryset gives, and a query that depends on
anything but its ids is refused."""

from datetime import date, datetime
from unittest import mock

import pytest
from django.contrib.auth import get_user
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.backends import ModelBackend
from activity.models import Visit
from core.prepared import Prepared
from evaluations.models import Criterion, DeadlineExtension, EvaluationForm, Reminder
from evaluations.views import forms as form_views


def _ordinary_form_page(user, pk):
    return (
        EvaluationForm.objects.visible_to(user)
        .select_related("round", "commune__district", "commune__province", "cadre__agency")
        .with_deadline()
        .get(pk=pk)
    )


def test_each_commune_opens_its_own_form_and_not_the_others(
    client, form_a, form_b, commune_a_user, commune_b_user
):
    # The first commune's request compiles the query; the second's runs it with its own ids.
    for user, own, other, cadre in (
        (commune_a_user, form_a, form_b, "Nguyễn Văn Hùng"),
        (commune_b_user, form_b, form_a, "Lê Thị Lan"),
    ):
        client.force_login(user)
        page = client.get(reverse("evaluations:form", args=[own.pk]))
        assert page.status_code == 200
        assert cadre in page.content.decode()
        assert client.get(reverse("evaluations:form", args=[other.pk])).status_code == 404


def test_the_compiled_form_is_the_ordinary_one_with_its_extension(
    form_a, form_b, commune_a_user, staff, django_assert_num_queries
):
    extended = date(2099, 12, 31)
    DeadlineExtension.objects.create(
        round=form_a.round, commune=form_a.commune, deadline=extended, reason="Bão lũ"
    )
    kind, owner = EvaluationForm.objects.scope_of(commune_a_user)
    assert (kind, owner) == ("commune", form_a.commune_id)
    with django_assert_num_queries(1):
        compiled = form_views._FORM_PAGE.get(kind, owner=owner, pk=form_a.pk)
    ordinary = _ordinary_form_page(commune_a_user, form_a.pk)
    assert compiled.deadline == ordinary.deadline == extended
    with django_assert_num_queries(0):  # what the page shows came with the form
        shown = (
            compiled.round.year,
            compiled.commune.name,
            compiled.commune.province.name,
            compiled.cadre.full_name,
            compiled.cadre.agency.name,
        )
    assert shown == (
        2026,
        "Phường Việt Trì",
        form_a.commune.province.name,
        "Nguyễn Văn Hùng",
        "Sở Nội vụ",
    )
    for field in ("status", "version", "period_start", "period_end", "answers"):
        assert getattr(compiled, field) == getattr(ordinary, field)
    # Staff (scope "all") reach commune B's form, which has no extension: the round's deadline.
    scope = EvaluationForm.objects.scope_of(staff)
    assert scope == ("all", 0)
    other = form_views._FORM_PAGE.get(scope[0], owner=0, pk=form_b.pk)
    assert (other.commune_id, other.deadline) == (form_b.commune_id, form_b.round.deadline)


def test_the_home_lists_the_communes_forms_in_the_ordinary_order(
    form_a, commune_a_user, round_2026, staff
):
    kind, owner = EvaluationForm.objects.scope_of(commune_a_user)
    compiled = form_views._HOME_FORMS.all(kind, owner=owner)
    ordinary = list(
        EvaluationForm.objects.visible_to(commune_a_user).order_by(
            "-round__year", "cadre__search_name"
        )
    )
    assert [f.pk for f in compiled] == [f.pk for f in ordinary] == [form_a.pk]
    # A dropped form leaves the commune's list at once (a constant of the compiled query).
    EvaluationForm.objects.filter(pk=form_a.pk).update(dropped_at=timezone.now())
    assert form_views._HOME_FORMS.all(kind, owner=owner) == []


def test_each_communes_home_shows_its_own_reminders_and_visits_to_confirm(
    client, form_a, form_b, commune_a_user, commune_b_user
):
    """The reminders and the visits to confirm come from queries compiled by the first home
    opened: the second commune's home still shows only its own, each reminder under its round,
    newest first."""

    def reminder(form, day, stage, missing):
        Reminder.objects.create(
            round=form.round,
            commune=form.commune,
            stage=stage,
            sent_at=timezone.make_aware(datetime(2026, 12, day, 7)),
            sent_on=date(2026, 12, day),
            missing_forms=missing,
        )

    reminder(form_a, 1, "manual", 1)
    reminder(form_a, 8, "week", 1)
    reminder(form_b, 13, "two_days", 1)
    for form, status, content in (
        (form_a, "pending", "Dự họp chi bộ khu 3"),
        (form_b, "pending", "Dự hội nghị Đảng ủy xã Tân Lạc"),
        (form_b, "confirmed", "Làm việc với thôn Mường Khói"),
    ):
        Visit.objects.create(
            cadre=form.cadre,
            commune=form.commune,
            day=date(2026, 11, 20),
            kind="committee",
            content=content,
            status=status,
        )
    pages = {}
    for user in (commune_a_user, commune_b_user):
        client.force_login(user)
        pages[user.username] = client.get(reverse("evaluations:home")).content.decode()
    a, b = pages["xa07900"], pages["xa04792"]
    round_a = a[a.index('data-testid="round-2026"') :]
    assert round_a.index("Nhắc nhở ngày 08/12/2026") < round_a.index("Nhắc nhở ngày 01/12/2026")
    assert "13/12/2026" not in a and "Dự hội nghị Đảng ủy xã Tân Lạc" not in a
    assert "Dự họp chi bộ khu 3" in a
    b_round = b[b.index('data-testid="round-2026"') :]
    assert "Nhắc nhở ngày 13/12/2026" in b_round
    assert "01/12/2026" not in b and "08/12/2026" not in b
    assert "Dự hội nghị Đảng ủy xã Tân Lạc" in b and "Dự họp chi bộ khu 3" not in b
    assert "Làm việc với thôn Mường Khói" not in b  # confirmed: nothing left to confirm


def test_an_account_of_no_scope_opens_no_form(form_a):
    assert form_views._FORM_PAGE.all("none", owner=0, pk=form_a.pk) == []


def test_the_signed_in_user_comes_with_its_commune(
    client, commune_a_user, django_assert_num_queries
):
    user = ModelBackend().get_user(commune_a_user.pk)
    assert user.username == "xa07900"
    with django_assert_num_queries(0):
        assert user.commune.province.name == commune_a_user.commune.province.name
    assert ModelBackend().get_user(10**9) is None
    assert ModelBackend().get_user("not a number") is None
    commune_a_user.is_active = False
    commune_a_user.save()
    assert ModelBackend().get_user(commune_a_user.pk) is None
    # And through a request's session, as every page gets it.
    commune_a_user.is_active = True
    commune_a_user.save()
    client.force_login(commune_a_user)
    request = mock.Mock(session=client.session)
    assert get_user(request).pk == commune_a_user.pk


def test_the_criteria_come_in_the_forms_order(round_2026):
    criteria = round_2026.criteria_in_order()
    assert [c.pk for c in criteria] == [c.pk for c in round_2026.criteria.all()]
    assert len(criteria) >= 2
    first = criteria[0]
    Criterion.objects.filter(pk=first.pk).update(position=999)
    assert round_2026.criteria_in_order()[-1].pk == first.pk


def test_a_query_is_compiled_once_then_run_with_new_ids(form_a, form_b, commune_a_user):
    prepared = Prepared(
        EvaluationForm,
        lambda _shape, commune_id: EvaluationForm.objects.filter(commune_id=commune_id),
        "commune_id",
    )
    compile_sql = SQLCompiler.as_sql
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=compile_sql) as built:
        first = prepared.all(commune_id=form_a.commune_id)
        compiled = built.call_count
        second = prepared.all(commune_id=form_b.commune_id)
        assert built.call_count == compiled  # the second call built no SQL
    assert [f.pk for f in first] == [form_a.pk]
    assert [f.pk for f in second] == [form_b.pk]
    assert prepared.all(commune_id=10**9) == []


def test_a_query_that_depends_on_more_than_its_ids_is_refused(db):
    # The clock: two builds a moment apart differ in their parameters.
    reads_the_clock = Prepared(
        EvaluationForm,
        lambda _shape, pk: EvaluationForm.objects.filter(pk=pk, updated_at__lte=timezone.now()),
        "pk",
    )
    with pytest.raises(ValueError, match="depends on more than"):
        reads_the_clock.all(pk=1)
    # An id that changes the query's shape (here, how many values an IN holds).
    shape_from_id = Prepared(
        EvaluationForm,
        lambda _shape, pk: EvaluationForm.objects.filter(pk__in=range(pk % 3 + 1)),
        "pk",
    )
    with pytest.raises(ValueError):
        shape_from_id.all(pk=1)
    ids_only = Prepared(
        EvaluationForm, lambda _shape, pk: EvaluationForm.objects.filter(pk=pk), "pk"
    )
    with pytest.raises(TypeError):
        ids_only.all(pk="1")
    with pytest.raises(TypeError):
        ids_only.all(pk=1, other=2)
    with pytest.raises(EvaluationForm.DoesNotExist):
        ids_only.get(pk=10**9)


def test_the_compiled_queries_run_inside_a_request_as_the_ordinary_ones(
    client, form_a, commune_a_user
):
    """The form's page reads the form and its criteria once each, through the compiled queries."""
    client.force_login(commune_a_user)
    url = reverse("evaluations:form", args=[form_a.pk])
    client.get(url)  # compiled
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    sql = [q["sql"] for q in queries]
    assert sum('FROM "evaluations_evaluationform"' in s for s in sql) == 1
    assert sum('FROM "evaluations_criterion"' in s for s in sql) == 1


def test_an_id_the_database_cannot_hold_finds_nothing(form_a, commune_a_user):
    kind, owner = EvaluationForm.objects.scope_of(commune_a_user)
    for pk in (10**30, -(10**30), 2**63):
        assert form_views._FORM_PAGE.all(kind, owner=owner, pk=pk) == []
    assert ModelBackend().get_user(10**30) is None
