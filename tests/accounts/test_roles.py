import pytest
from django.contrib.auth.models import Group

from accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_it_creates_one_group_per_role():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


def test_it_lets_staff_change_the_registry_but_leaders_only_read_it(staff, leader):
    assert staff.has_perm("assignments.change_commune")
    assert staff.has_perm("assignments.add_cadre")
    assert leader.has_perm("assignments.view_commune")
    assert not leader.has_perm("assignments.change_commune")
    assert not leader.has_perm("assignments.add_cadre")


def test_it_gives_a_commune_account_no_registry_permission(commune_a_user):
    assert not commune_a_user.has_perm("assignments.view_commune")
    assert commune_a_user.role == Role.COMMUNE
    assert commune_a_user.commune.code == "07900"


def test_it_refuses_two_accounts_for_one_commune(commune_a, commune_a_user):
    from django.db import IntegrityError

    from accounts.models import User

    with pytest.raises(IntegrityError):
        User.objects.create_user("xa07900-2", password="x", commune=commune_a)
