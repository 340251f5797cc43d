"""Named people, as in healthchecks' tests: a staff member of the Organization Department
(Chị Hà), a leader (Anh Minh), and the Party committees of commune A and commune B."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings

from accounts.models import User
from accounts.roles import Role
from assignments.models import NEW_MAP_FIRST_DAY, Commune, Province

PASSWORD = "mat-khau-thu-nghiem"

# Property-based tests (test_*_properties.py): no example database left in the working tree, no
# per-example deadline (a request's time varies), no slow "explain" phase after a failure, and
# function-scoped fixtures are fine because every example runs in a savepoint it rolls back.
hypothesis_settings.register_profile(
    "theodoi",
    database=None,
    deadline=None,
    print_blob=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hypothesis_settings.load_profile("theodoi")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Tests log in often; the production hasher costs ~0.3 s by design.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "accounts.hashers.GeneratedPasswordHasher",
    ]


@pytest.fixture
def province(db):
    return Province.objects.create(code="25", name="Phú Thọ", valid_from=NEW_MAP_FIRST_DAY)


@pytest.fixture
def commune_a(province):
    return Commune.objects.create(
        province=province,
        code="07900",
        name="Phường Việt Trì",
        kind=Commune.Kind.WARD,
        valid_from=NEW_MAP_FIRST_DAY,
    )


@pytest.fixture
def commune_b(province):
    return Commune.objects.create(
        province=province, code="04792", name="Xã Tân Lạc", valid_from=NEW_MAP_FIRST_DAY
    )


def make_user(username, role=None, **fields):
    user = User.objects.create_user(username=username, password=PASSWORD, **fields)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def staff(db):
    return make_user("chuyenvien", Role.STAFF, full_name="Nguyễn Thị Thu Hà")


@pytest.fixture
def leader(db):
    return make_user("lanhdao", Role.LEADER, full_name="Trần Quang Minh")


@pytest.fixture
def commune_a_user(commune_a):
    return make_user(
        "xa07900", Role.COMMUNE, full_name="Đảng ủy Phường Việt Trì", commune=commune_a
    )


@pytest.fixture
def commune_b_user(commune_b):
    return make_user("xa04792", Role.COMMUNE, full_name="Đảng ủy Xã Tân Lạc", commune=commune_b)


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("admin", "admin@example.vn", PASSWORD)


@pytest.fixture
def today():
    return date.today()
