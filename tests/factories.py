"""factory-boy factories for the rows tests need in numbers."""

from datetime import date

import factory

from assignments.models import NEW_MAP_FIRST_DAY, Agency, Assignment, Cadre, Commune, Province


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province

    code = factory.Sequence(lambda n: f"{n + 40:02d}")
    name = factory.Sequence(lambda n: f"Tỉnh Thử {n}")
    valid_from = NEW_MAP_FIRST_DAY


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"{n + 50000:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    valid_from = NEW_MAP_FIRST_DAY


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Sở Thử Nghiệm {n}")
    kind = Agency.Kind.DEPARTMENT
    leader_quota = 3


class CadreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cadre

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    position = "Phó Giám đốc"
    agency = factory.SubFactory(AgencyFactory)
    date_of_birth = date(1975, 6, 15)
    gender = Cadre.Gender.MALE


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    cadre = factory.SubFactory(CadreFactory)
    commune = factory.SubFactory(CommuneFactory)
    decision_number = "1250-QĐ/TU"
    decision_date = date(2025, 6, 30)
    start_date = NEW_MAP_FIRST_DAY
