"""seed_demo gives every level something to show (issue 17): hamlets, cells, members and who
follows which hamlet in every commune of the current map, by the rules; cell meetings; working
groups; breakthrough tasks of two years (issue 18). Seeded once for the module (it takes
seconds), on a fixed day of the demo's year."""

import re
from collections import Counter
from datetime import date

import pytest
from django.db import transaction
from django.db.models import Count, F, Q
from freezegun import freeze_time

from accounts.models import User
from activity.models import ActivityYear, GroupVisit, Visit, WorkingGroup
from assignments.models import Cadre, Commune
from demo.seed import seed_demo
from evaluations.models import Level
from hamlets.models import CommuneMember, Hamlet, HamletAssignment, PartyCell

NEW_MAP = date(2025, 7, 1)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), freeze_time("2026-12-02 09:00:00"):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield seed_demo()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def communes(demo, db):
    return list(Commune.objects.filter(valid_from=NEW_MAP).order_by("code"))


def _commune_of(login):
    return User.objects.get(username=login).commune


def test_it_gives_every_commune_about_ten_hamlets_with_cells_of_its_own(communes):
    hamlets = Counter(Hamlet.objects.values_list("commune_id", flat=True))
    assert len(communes) == 148
    assert all(8 <= hamlets[c.pk] <= 12 for c in communes)
    assert not Hamlet.objects.exclude(cell__commune_id=F("commune_id")).exists()
    codes = set(Hamlet.objects.values_list("code", flat=True))
    assert {"01", "10"} <= codes
    names = set(Hamlet.objects.values_list("name", flat=True))
    assert {"Thôn 1", "Thôn 6", "Bản Na", "Tổ dân phố 3", "Khu phố 2"} <= names
    assert Hamlet.objects.filter(households__range=(60, 450)).count() == Hamlet.objects.count()
    assert not Hamlet.objects.exclude(self_managed_groups__range=(2, 12)).exists()
    # One cell for two small hamlets, here and there.
    shared = PartyCell.objects.annotate(n=Count("hamlets")).filter(n=2)
    assert shared.exists()
    assert shared.first().name.startswith("Chi bộ ")


def test_it_gives_every_commune_12_to_15_members(communes):
    members = Counter(CommuneMember.objects.values_list("commune_id", flat=True))
    assert all(12 <= members[c.pk] <= 15 for c in communes)
    positions = Counter(CommuneMember.objects.values_list("position", flat=True))
    assert positions[CommuneMember.Position.SECRETARY] == len(communes)
    assert CommuneMember.objects.filter(date_of_birth__isnull=False).exists()
    assert CommuneMember.objects.filter(date_of_birth__isnull=True).exists()


def test_it_assigns_members_by_the_rules(communes):
    assignments = HamletAssignment.objects.select_related("member", "hamlet")
    assert assignments.count() >= 1400
    for a in assignments:
        assert a.member.commune_id == a.hamlet.commune_id
        assert re.fullmatch(r"\d+-QĐ/ĐU", a.decision_number)
        assert NEW_MAP < a.decision_date <= a.start_date
    # A hamlet has at most one open assignment; a member at most one ordinary one.
    open_ = HamletAssignment.objects.filter(end_date__isnull=True)
    assert max(Counter(open_.values_list("hamlet_id", flat=True)).values()) == 1
    ordinary = open_.filter(exception_reason="").values_list("member_id", flat=True)
    assert max(Counter(ordinary).values()) == 1
    # Every exception has its reason, and its member follows another hamlet meanwhile.
    exceptions = open_.exclude(exception_reason="")
    assert exceptions.exists()
    for e in exceptions:
        assert ordinary.filter(member_id=e.member_id).exists()
    # Most communes have every hamlet followed; some leave one or two without anyone.
    followed = set(open_.values_list("hamlet_id", flat=True))
    unfollowed = Counter(
        Hamlet.objects.exclude(pk__in=followed).values_list("commune_id", flat=True)
    )
    assert 0 < len(unfollowed) < len(communes) / 4
    assert max(unfollowed.values()) <= 2


def test_the_commune_accounts_of_the_readme_show_gaps_exceptions_and_a_member_who_left(demo, db):
    first = _commune_of("xa04792")
    left = CommuneMember.objects.get(commune=first, left_on__isnull=False)
    assert left.assignments.filter(end_date__isnull=True).exists()
    assert HamletAssignment.objects.filter(hamlet__commune=first).exclude(exception_reason="")
    handed = HamletAssignment.objects.get(hamlet__commune=first, end_date__isnull=False)
    assert handed.end_reason == HamletAssignment.EndReason.REASSIGNED
    assert HamletAssignment.objects.filter(
        hamlet=handed.hamlet, start_date__gt=handed.end_date
    ).exists()
    second = _commune_of("xa04795")
    followed = HamletAssignment.objects.filter(end_date__isnull=True).values("hamlet_id")
    assert second.hamlets.exclude(pk__in=followed).count() == 2
    for commune in (first, second):
        to_confirm = commune.visits.filter(cadre__isnull=False, status=Visit.Status.PENDING)
        assert to_confirm.filter(kind=Visit.Kind.CELL, cell__commune=commune).exists()


def test_members_cell_meetings_are_confirmed_at_a_cell_of_their_commune(demo, db):
    meetings = Visit.objects.filter(member__isnull=False).select_related("member", "cell")
    assert meetings.count() > 5000
    for m in meetings:
        assert m.cadre_id is None
        assert m.kind == Visit.Kind.CELL
        assert m.status == Visit.Status.CONFIRMED
        assert m.cell.commune_id == m.commune_id == m.member.commune_id
        assert m.day.year == 2026
        assert m.member.left_on is None or m.day <= m.member.left_on
    attended = CommuneMember.objects.annotate(n=Count("visits"))
    assert attended.filter(n__gte=4).count() > 3 * attended.filter(n__lt=4).count()
    assert attended.filter(n__lt=4).exists()


def test_provincial_cadres_attend_their_communes_cells_some_awaiting_confirmation(demo, db):
    meetings = Visit.objects.filter(cadre__isnull=False, kind=Visit.Kind.CELL)
    assert meetings.exists()
    assert not meetings.filter(cell__isnull=True).exists()
    assert not meetings.exclude(cell__commune_id=F("commune_id")).exists()
    assert meetings.filter(status=Visit.Status.PENDING).exists()
    year = ActivityYear.objects.get(year=2026)
    assert (year.min_cell_meetings_province, year.min_cell_meetings_commune) == (1, 4)


def test_two_working_groups_follow_two_communes_each_with_visits(demo, db):
    groups = WorkingGroup.objects.select_related("leader")
    assert groups.count() == 2
    for group in groups:
        assert not group.leader.position.startswith("Phó")
        assert 2 <= group.members.count() <= 3
        assert group.communes.count() == 2
        visits = GroupVisit.objects.filter(group=group)
        assert visits.exists()
        assert not visits.exclude(commune__in=group.communes.all()).exists()
        assert not visits.filter(Q(day__lt=group.start_date) | Q(day__gt=date(2026, 12, 2)))


def test_running_it_again_adds_nothing(demo, db):
    from breakthroughs.models import Task

    models = (Hamlet, PartyCell, CommuneMember, HamletAssignment, Visit, WorkingGroup, Task)
    counts = [m.objects.count() for m in models]
    seed_demo()
    assert counts == [m.objects.count() for m in models]


def test_breakthrough_tasks_of_two_years_in_every_state(demo, db):
    from breakthroughs.models import BreakthroughYear, Target, Task, TaskComment

    board = Cadre.objects.filter(standing_board=True)
    assert board.filter(agency__isnull=False).count() == 20
    secretaries = board.filter(commune__isnull=False)
    assert secretaries.count() == 3
    assert all(c.agency_id is None and c.position.startswith("Bí thư Đảng ủy") for c in secretaries)
    deadlines = BreakthroughYear.objects.get(year=2026)
    assert (deadlines.registration_deadline, deadlines.approval_deadline) == (
        date(2026, 3, 31),
        date(2026, 4, 30),
    )
    assert deadlines.assessment_deadline == date(2026, 12, 15)
    assert BreakthroughYear.objects.filter(year=2025).exists()

    tasks = Task.objects.filter(year=2026)
    assert 25 <= tasks.count() <= 35
    assert 18 <= tasks.values("cadre").distinct().count() <= 25
    assert set(tasks.values_list("status", flat=True)) == set(Task.Status.values) - {"carried"}
    assert not tasks.exclude(cadre__standing_board=True).exists()
    assert tasks.filter(cadre__commune__isnull=False, status=Task.Status.ASSIGNED).exists()
    for task in tasks.filter(status__in=Task.ASSIGNED_STATES):
        assert re.fullmatch(r"\d+-QĐ/TU", task.decision_number)
        assert task.focal_point.role in {"staff", "leader"}
        assert task.progress.exists()
    for task in tasks.filter(status=Task.Status.RETURNED):
        fields = set(
            task.comments.filter(kind=TaskComment.Kind.REVIEW).values_list("field", flat=True)
        )
        assert {"", "objectives", "targets"} <= fields
    changed = tasks.get(status=Task.Status.CHANGED)
    assert changed.versions.filter(kind="changed").exclude(reason="").exists()
    assert tasks.get(status=Task.Status.DROPPED).end_reason
    carried = tasks.get(carried_from__isnull=False)
    assert carried.status == Task.Status.ASSIGNED
    assert carried.carried_from.year == 2025 and carried.carried_from.status == "carried"
    assert Target.objects.filter(
        task__in=tasks, measure="Tỷ lệ hộ nghèo", unit="%", direction="at_most"
    ).exists()

    before = Task.objects.filter(year=2025, status=Task.Status.ASSIGNED)
    assert before.count() >= 10
    assert not before.filter(conclusion="").exists()
    assert set(before.values_list("conclusion", flat=True)) == set(Level.values)
    assert not Target.objects.filter(task__in=before, self_value__isnull=True).exists()
    assert Target.objects.filter(task__in=before, focal_value__isnull=False).exists()

    # The demo cadre of the README sees tasks in several states.
    own = Task.objects.filter(cadre=User.objects.get(username="canbo").cadre)
    assert len(set(own.values_list("status", flat=True))) >= 4
    assert own.filter(status=Task.Status.ASSIGNED, progress__isnull=False).exists()
    # Nothing is dated in the future.
    assert not Task.objects.filter(approved_at__date__gt=date(2026, 12, 2)).exists()
