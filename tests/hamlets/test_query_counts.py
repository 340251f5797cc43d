"""The commune's pages ask the database a fixed number of questions, however many hamlets,
cells, members and assignments it holds (issue 17: query counts stay flat)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamlets.models import CommuneMember, Hamlet, HamletAssignment, PartyCell

pytestmark = pytest.mark.django_db


def _grow(commune, start, count):
    """`count` more hamlets, each with its cell and a member following it."""
    for n in range(start, start + count):
        cell = PartyCell.objects.create(commune=commune, name=f"Chi bộ thôn {n}")
        hamlet = Hamlet.objects.create(
            commune=commune, code=f"{n:02d}", name=f"Thôn {n}", households=100 + n, cell=cell
        )
        member = CommuneMember.objects.create(commune=commune, full_name=f"Cấp ủy viên {n}")
        HamletAssignment.objects.create(
            member=member,
            hamlet=hamlet,
            decision_number=f"{n}-QĐ/ĐU",
            decision_date=date(2025, 8, 1),
            start_date=date(2025, 8, 1),
        )


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["commune", "coverage", "members", "cells"])
def test_a_commune_page_asks_as_many_questions_for_3_hamlets_as_for_30(
    client, commune_a, commune_a_user, name
):
    client.force_login(commune_a_user)
    url = reverse(f"hamlets:{name}", args=[commune_a.pk])
    _grow(commune_a, 1, 3)
    client.get(url)  # the session and the role's permissions cached, as on any later page
    few = _queries(client, url)
    _grow(commune_a, 4, 27)
    assert _queries(client, url) == few
