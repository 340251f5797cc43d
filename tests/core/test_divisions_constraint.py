"""A commune code is unique among the communes in force on one date, not for all time."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from assignments.models import OLD_MAP_LAST_DAY, Commune

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_lets_an_old_and_a_new_commune_share_a_code(province, commune_a):
    old = Commune.objects.create(
        province=province, code=commune_a.code, name="Phường Gia Cẩm", valid_to=OLD_MAP_LAST_DAY
    )
    assert old.pk and commune_a.pk


def test_it_refuses_two_communes_with_one_code_in_force_together(province, commune_a):
    with pytest.raises(IntegrityError, match="commune_code_overlap"), transaction.atomic():
        Commune.objects.create(
            province=province, code=commune_a.code, name="Phường khác", valid_from=date(2026, 1, 1)
        )


def test_it_refuses_an_update_that_makes_two_periods_overlap(province, commune_a):
    old = Commune.objects.create(
        province=province, code=commune_a.code, name="Phường Gia Cẩm", valid_to=OLD_MAP_LAST_DAY
    )
    old.valid_to = date(2025, 12, 31)
    with pytest.raises(IntegrityError, match="commune_code_overlap"), transaction.atomic():
        old.save()
