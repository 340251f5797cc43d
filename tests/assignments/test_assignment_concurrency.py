"""Two staff members assign the same commune at the same moment: exactly one wins, the other
gets a clear message. Needs a server database with real concurrent transactions (PostgreSQL,
as CI runs it); on SQLite, which serialises writers, the database rule itself is tested in
test_assignment_rules.py."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from assignments import services
from assignments.models import Assignment, AssignmentQuerySet
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_concurrent_assignments_of_one_commune_leave_exactly_one(commune_a):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (CI runs the suite on it)")
    cadres = [CadreFactory(), CadreFactory()]
    start = threading.Barrier(2, timeout=10)
    outcomes = []

    def request(cadre):
        try:
            start.wait()  # both requests leave at the same moment
            services.assignment_create(
                cadre=cadre,
                commune=commune_a,
                start_date=date(2026, 1, 1),
                decision_number="1",
                decision_date=date(2026, 1, 1),
            )
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request, args=(c,)) for c in cadres]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes, key=len)[0] == "ok"
    refused = sorted(outcomes, key=len)[1]
    assert "đã có đồng chí" in refused and "theo dõi từ 01/01/2026" in refused
    assert Assignment.objects.filter(commune=commune_a).count() == 1


def test_the_database_constraint_is_the_last_word_under_a_race(commune_a, monkeypatch):
    """If two inserts ever got past the checks together, the exclusion constraint refuses the
    second and the user reads a clear message (simulated: the checks see nothing)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (CI runs the suite on it)")
    first, second = CadreFactory(), CadreFactory()
    services.assignment_create(
        cadre=first,
        commune=commune_a,
        start_date=date(2026, 1, 1),
        decision_number="1",
        decision_date=date(2026, 1, 1),
    )
    monkeypatch.setattr(AssignmentQuerySet, "overlapping", lambda self, *a, **k: self.none())
    with pytest.raises(ValidationError, match="vừa được người khác phân công"):
        services.assignment_create(
            cadre=second,
            commune=commune_a,
            start_date=date(2026, 2, 1),
            decision_number="2",
            decision_date=date(2026, 2, 1),
        )
    assert Assignment.objects.filter(commune=commune_a).count() == 1
