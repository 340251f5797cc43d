"""Which of the versions the centre received counts.

Every version is kept. The versions of one sender and year are the snapshots that cover the
same set of provinces for that year (the new Phú Thọ's 2024 covers 17, 25 and 26; the old Phú
Thọ's, had it sent one, 25 alone). Among them the highest sequence number is in use ("đang
dùng"), whatever the order they arrived in: a replayed older file never replaces a newer one.
"""

from .models import Snapshot


def _lines(year=None):
    """{(year, frozenset of province ids): [(sequence, created_at, pk), ...]}"""
    snapshots = Snapshot.objects.all()
    if year is not None:
        snapshots = snapshots.filter(year=year)
    covered = {}
    through = Snapshot.provinces.through.objects.filter(snapshot__in=snapshots)
    for snapshot_id, province_id in through.values_list("snapshot_id", "followedprovince_id"):
        covered.setdefault(snapshot_id, set()).add(province_id)
    lines = {}
    for pk, year_, sequence, created_at in snapshots.values_list(
        "pk", "year", "sequence", "created_at"
    ):
        line = (year_, frozenset(covered.get(pk, ())))
        lines.setdefault(line, []).append((sequence, created_at, pk))
    return lines


def in_use_ids(year=None):
    """The ids of the snapshots in use: one per sender and year (of `year`, or every year)."""
    return {max(versions)[2] for versions in _lines(year).values()}


def in_use_by_province(year):
    """{followed province id: the snapshot in use that covers it} for `year`. Should two senders
    cover one province the same year, the later export counts."""
    snapshots = (
        Snapshot.objects.filter(pk__in=in_use_ids(year))
        .select_related("key")
        .prefetch_related("provinces")
        .order_by("created_at", "pk")
    )
    found = {}
    for snapshot in snapshots:
        for province in snapshot.provinces.all():
            found[province.pk] = snapshot
    return found
