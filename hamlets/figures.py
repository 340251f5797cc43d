"""Following at commune level, counted for one commune: the rules its pages show (which hamlets
someone follows, who follows several, who left but still follows). The province's roll-up
(activity.levels) counts the same rules in SQL for every commune at once; a test holds the two
to the same answers."""

from collections import defaultdict
from dataclasses import dataclass, field

from core.ratio import Ratio

from .models import Hamlet, HamletAssignment


@dataclass
class Coverage:
    """Following at commune level on one day: which hamlets in force have someone following
    them, and what stands out (no one, several, members who left)."""

    day: object
    hamlets: list
    current: dict  # hamlet id → its assignment in force on the day
    unfollowed: list = field(default_factory=list)
    several: list = field(default_factory=list)  # (member, [assignments]) with 2 or more
    departed: list = field(default_factory=list)  # assignments of members who had left

    @property
    def ratio(self):
        in_force = [h for h in self.hamlets if h.is_valid_on(self.day)]
        return Ratio(sum(1 for h in in_force if h.pk in self.current), len(in_force))


def commune_coverage(commune, day):
    hamlets = list(Hamlet.objects.filter(commune=commune).select_related("cell"))
    active = list(
        HamletAssignment.objects.active_on(day)
        .filter(hamlet__commune=commune)
        .select_related("member", "hamlet")
        .order_by("member__search_name", "start_date")
    )
    current = {a.hamlet_id: a for a in active}
    by_member = defaultdict(list)
    for assignment in active:
        by_member[assignment.member].append(assignment)
    return Coverage(
        day=day,
        hamlets=hamlets,
        current=current,
        unfollowed=[h for h in hamlets if h.is_valid_on(day) and h.pk not in current],
        several=[(m, items) for m, items in by_member.items() if len(items) > 1],
        departed=[a for a in active if a.member.left_before(day)],
    )
