"""Commune A (Phường Việt Trì) with a Party cell, two hamlets and two members; commune B (Xã Tân
Lạc) with one of each, for a second commune trying the first's ids."""

from datetime import date

import pytest

from hamlets.models import CommuneMember, Hamlet, PartyCell

DECISION_DAY = date(2025, 8, 1)


@pytest.fixture
def dong_tam_cell(commune_a):
    return PartyCell.objects.create(commune=commune_a, name="Chi bộ khu Đồng Tâm")


@pytest.fixture
def dong_tam(commune_a, dong_tam_cell):
    return Hamlet.objects.create(
        commune=commune_a,
        code="01",
        name="Khu Đồng Tâm",
        kind=Hamlet.Kind.KHU_PHO,
        households=312,
        self_managed_groups=6,
        cell=dong_tam_cell,
    )


@pytest.fixture
def tien_cat(commune_a):
    return Hamlet.objects.create(
        commune=commune_a, code="02", name="Tổ dân phố Tiên Cát", kind=Hamlet.Kind.TO_DAN_PHO
    )


@pytest.fixture
def mai(commune_a):
    """Hà Thị Mai, a standing committee member of commune A."""
    return CommuneMember.objects.create(
        commune=commune_a,
        full_name="Hà Thị Mai",
        date_of_birth=date(1978, 3, 12),
        position=CommuneMember.Position.STANDING,
    )


@pytest.fixture
def son(commune_a):
    """Đỗ Văn Sơn, a committee member of commune A."""
    return CommuneMember.objects.create(
        commune=commune_a, full_name="Đỗ Văn Sơn", position=CommuneMember.Position.COMMITTEE
    )


@pytest.fixture
def tan_lac_hamlet(commune_b):
    return Hamlet.objects.create(commune=commune_b, name="Xóm Bưng")


@pytest.fixture
def tan_lac_member(commune_b):
    return CommuneMember.objects.create(commune=commune_b, full_name="Bùi Văn Khánh")


@pytest.fixture
def tan_lac_cell(commune_b):
    return PartyCell.objects.create(commune=commune_b, name="Chi bộ xóm Bưng")
