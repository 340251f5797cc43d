"""seed_demo gives every level something to show (issue 17): hamlets, cells, members and who
follows which hamlet in every commune of the current map, by the rules; cell meetings; working
groups. Seeded once for the module (it takes seconds), on a fixed day of the demo's year."""

import re
from collections import Counter
from datetime import date

import pytest
from django.db import transaction
from django.db.models import Count, F, Q
from freezegun import freeze_time

from accounts.models import User
from activity.models import ActivityYear, GroupVisit, Visit, WorkingGroup
from assignments.models import Commune
from demo.seed import seed_demo
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
    counts = [
        m.objects.count()
        for m in (Hamlet, PartyCell, CommuneMember, HamletAssignment, Visit, WorkingGroup)
    ]
    seed_demo()
    assert counts == [
        m.objects.count()
        for m in (Hamlet, PartyCell, CommuneMember, HamletAssignment, Visit, WorkingGroup)
    ]
