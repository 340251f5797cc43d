"""Two staff members assign the same commune at the same moment: exactly one wins, the other
gets a clear message. Needs a server database with real concurrent transactions (PostgreSQL,
as CI runs it); on SQLite, which serialises writers, the database rule is tested directly in
test_assignment_rules.py."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from assignments import services
from assignments.models import Assignment
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_concurrent_assignments_of_one_commune_leave_exactly_one(commune_a, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (CI runs the suite on it)")
    first, second = CadreFactory(), CadreFactory()
    barrier = threading.Barrier(2, timeout=10)
    original = Assignment.full_clean

    def full_clean_then_wait(self, *args, **kwargs):
        original(self, *args, **kwargs)
        barrier.wait()  # both requests have passed every check: now both insert

    monkeypatch.setattr(Assignment, "full_clean", full_clean_then_wait)
    outcomes = {}

    def request(cadre):
        try:
            services.assignment_create(
                cadre=cadre,
                commune=commune_a,
                start_date=date(2026, 1, 1),
                decision_number="1",
                decision_date=date(2026, 1, 1),
            )
            outcomes[cadre.pk] = "ok"
        except ValidationError as exc:
            outcomes[cadre.pk] = exc.messages[0]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request, args=(c,)) for c in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values(), key=len) == [
        "ok",
        "Xã, phường này hoặc cán bộ này vừa được người khác phân công. "
        "Đề nghị tải lại trang để xem phân công hiện tại.",
    ]
    assert Assignment.objects.filter(commune=commune_a).count() == 1
