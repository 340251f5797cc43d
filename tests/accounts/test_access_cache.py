"""A user's role and permissions are worked out once (at login) and kept, not queried on every
page; and taking a role away, or a permission from a role, works from the very next request."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _tables(queries):
    return " ".join(q["sql"] for q in queries.captured_queries)


def test_a_page_after_login_reads_no_group_or_permission(client, staff):
    client.force_login(staff)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("evaluations:rounds")).status_code == 200
    assert "auth_group" not in _tables(queries)
    assert "auth_permission" not in _tables(queries)
    assert 'UPDATE "django_session"' not in _tables(queries)  # nor the session rewritten


def test_a_page_reads_the_role_kept_in_the_session_even_with_the_cache_emptied(client, staff):
    from django.core.cache import cache

    client.force_login(staff)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("evaluations:rounds")).status_code == 200
    assert "auth_group" not in _tables(queries)
    assert "auth_permission" not in _tables(queries)


def test_a_staff_member_taken_out_of_staff_loses_the_pages_at_the_next_request(client, staff):
    client.force_login(staff)
    assert client.get(reverse("evaluations:rounds")).status_code == 200
    User.objects.get(pk=staff.pk).groups.remove(Group.objects.get(name="staff"))
    assert client.get(reverse("evaluations:rounds")).status_code == 403


def test_removing_a_user_from_the_group_side_takes_effect_too(client, staff):
    client.force_login(staff)
    assert client.get(reverse("evaluations:rounds")).status_code == 200
    Group.objects.get(name="staff").user_set.clear()
    assert client.get(reverse("evaluations:rounds")).status_code == 403


def test_a_permission_taken_from_a_role_is_gone_for_its_members_at_once(client, staff):
    client.force_login(staff)
    assert client.get(reverse("evaluations:rounds")).status_code == 200
    view = Permission.objects.get(codename="view_evaluationround")
    Group.objects.get(name="staff").permissions.remove(view)
    assert client.get(reverse("evaluations:rounds")).status_code == 403
    Group.objects.get(name="staff").permissions.add(view)
    assert client.get(reverse("evaluations:rounds")).status_code == 200


def test_a_role_given_is_there_at_the_next_request(client, commune_a_user, leader):
    fresh = User.objects.get(pk=leader.pk)
    assert fresh.role == "leader"
    fresh.groups.set([Group.objects.get(name="staff")])
    assert fresh.role == "staff"  # the same object, asked again
    assert User.objects.get(pk=leader.pk).has_perm("assignments.change_commune")


def test_a_deactivated_or_promoted_account_is_read_from_its_row(client, leader):
    client.force_login(leader)
    assert client.get(reverse("evaluations:rounds")).status_code == 200
    User.objects.filter(pk=leader.pk).update(is_active=False)
    response = client.get(reverse("evaluations:rounds"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_it_uses_the_database_session_without_redis_and_the_cached_one_with_it():
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(DEBUG="1", DATABASE_URL="sqlite:////tmp/unused.sqlite3")
    code = "from django.conf import settings; print(settings.SESSION_ENGINE)"

    def engine(**extra):
        return (
            subprocess.run(
                [sys.executable, "manage.py", "shell", "-c", code],
                cwd=ROOT,
                env=dict(env, **extra),
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )

    assert engine() == "django.contrib.sessions.backends.db"
    assert engine(REDIS_URL="redis://127.0.0.1:6399/0") == "core.sessions"  # cached_db
