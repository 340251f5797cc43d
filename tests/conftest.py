"""Named people, as in healthchecks' tests: a staff member of the Organization Department
(Chị Hà), a leader (Anh Minh), and the Party committees of commune A and commune B."""

import atexit
import os
import shutil
import tempfile
from datetime import date

# Imported before any test freezes the clock: a module first imported under freezegun keeps its
# fake date class for good (openpyxl's table of date formats would then miss real dates).
import openpyxl  # noqa: F401
import pytest
from django.contrib.auth.models import Group
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings

from accounts.models import User
from accounts.roles import Role
from assignments.models import NEW_MAP_FIRST_DAY, Commune, Province
from core.models import Organisation

PASSWORD = "mat-khau-thu-nghiem"

# Hypothesis keeps caches (Unicode tables, the constants it reads from our source) in a
# `.hypothesis/` folder of the working directory, even without an example database. The suite
# writes only under temporary folders (DECISIONS, Tests), so they go to one made for this run,
# unless HYPOTHESIS_STORAGE_DIRECTORY names another (hypothesis reads it on first use).
if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    _hypothesis_home = tempfile.mkdtemp(prefix="theodoi-hypothesis-")
    os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = _hypothesis_home
    atexit.register(shutil.rmtree, _hypothesis_home, ignore_errors=True)

# Property-based tests (test_*_properties.py), two profiles (DECISIONS, Tests):
# - `ci` (bin/test, .ci/run): derandomized, so the same code always meets the same examples and
#   a red build is the code's doing, not the draw's;
# - `explore` (bin/fuzz): random examples, many of them, to look for new failing cases. A case
#   it finds is pinned with @example in the same commit as its fix.
# Both: no example database (nothing written in the working tree), no per-example deadline (a
# request's time varies), no slow "explain" phase after a failure, and function-scoped fixtures
# are fine because every example runs in a savepoint it rolls back.
# HYPOTHESIS_PROFILE picks one; `ci` when unset.
_COMMON = dict(
    database=None,
    deadline=None,
    print_blob=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hypothesis_settings.register_profile("ci", derandomize=True, **_COMMON)
hypothesis_settings.register_profile("explore", max_examples=500, **_COMMON)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or "ci"
hypothesis_settings.load_profile(HYPOTHESIS_PROFILE)


def examples(count):
    """The settings of a property test that runs `count` examples in bin/test (a few, to keep
    the suite quick); under `explore` it runs that profile's many instead."""
    if HYPOTHESIS_PROFILE == "ci":
        return hypothesis_settings(max_examples=count)
    return hypothesis_settings()


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    """The suite writes only under temporary folders (DECISIONS, Tests): each test gets its own
    MEDIA_ROOT for uploads, report files and cadres' files, the live server of the browser tests
    included (it runs in this process). Subprocesses are given it as MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    # The snapshot signing key (issue 19) too: created on first use, never in the working tree.
    settings.SNAPSHOT_KEY_FILE = tmp_path_factory.mktemp("keys") / "snapshot-ed25519.pem"


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


def set_up_organisation():
    """The installation as staff leave it after the set-up page (tests/core covers that page)."""
    organisation = Organisation.current()
    if not organisation.is_configured:
        organisation.party_committee = "TỈNH ỦY PHÚ THỌ"
        organisation.place_name = "Phú Thọ"
        organisation.signer_title = "TRƯỞNG BAN"
        organisation.signer_name = "Nguyễn Văn Khánh"
        organisation.mark_configured()
    return organisation


@pytest.fixture
def staff(db):
    set_up_organisation()
    return make_user("chuyenvien", Role.STAFF, full_name="Nguyễn Thị Thu Hà")


@pytest.fixture
def leader(db):
    return make_user("lanhdao", Role.LEADER, full_name="Trần Quang Minh")


@pytest.fixture
def commune_a_user(commune_a):
    return make_user(
        "xa07900", Role.COMMUNE, full_name="Đảng ủy phường Việt Trì", commune=commune_a
    )


@pytest.fixture
def commune_b_user(commune_b):
    return make_user("xa04792", Role.COMMUNE, full_name="Đảng ủy xã Tân Lạc", commune=commune_b)


@pytest.fixture
def superuser(db):
    set_up_organisation()
    return User.objects.create_superuser("admin", "admin@example.vn", PASSWORD)


@pytest.fixture
def today():
    return date.today()


@pytest.fixture
def central(settings):
    """A central installation (INSTALLATION_KIND=central): its own pages, its own roles."""
    from django.urls import clear_url_caches

    settings.INSTALLATION_KIND = "central"
    settings.CENTRAL = True
    settings.ROOT_URLCONF = "config.urls_central"
    clear_url_caches()
    yield settings
    clear_url_caches()
