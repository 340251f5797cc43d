"""A central installation has the staff, leader and administrator roles only (issue 19): the
commune and cadre groups are not made there, so an account can never be given them."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.roles import Role, installation_roles, sync_roles

pytestmark = pytest.mark.django_db


def test_a_central_installation_offers_only_staff_and_leader(central, superuser, client):
    sync_roles(Group, Permission)
    assert installation_roles() == (Role.STAFF, Role.LEADER)
    assert set(Group.objects.values_list("name", flat=True)) == {"staff", "leader"}
    # The administrator's form for an account offers those two groups and no other.
    client.force_login(superuser)
    response = client.get(reverse("admin:accounts_user_change", args=[superuser.pk]))
    offered = {group.name for group in response.context["adminform"].form.fields["groups"].queryset}
    assert offered == {"staff", "leader"}


def test_a_province_installation_keeps_every_role():
    sync_roles(Group, Permission)
    assert {r.value for r in Role} <= set(Group.objects.values_list("name", flat=True))


def test_central_staff_change_the_roll_up_and_leaders_read_it(central, staff, leader):
    sync_roles(Group, Permission)
    staff.refresh_from_db()
    leader.refresh_from_db()
    for perm in ("add_followedprovince", "add_provincekey", "add_snapshot", "view_snapshot"):
        assert staff.has_perm(f"rollup.{perm}"), perm
    assert leader.has_perm("rollup.view_snapshot")
    assert leader.has_perm("rollup.view_followedprovince")
    assert leader.has_perm("rollup.request_central_report")
    assert not leader.has_perm("rollup.add_snapshot")
    assert not leader.has_perm("rollup.add_provincekey")
