"""Helpers shared by the commune accounts tests (tests/accounts, tests/evaluations): the map
before 1/7/2025, whose codes the current map reused, and the credentials sheet's lines."""

from io import BytesIO

from openpyxl import load_workbook

from assignments.models import OLD_MAP_LAST_DAY, Commune, District, Province


def old_district():
    """Huyện Tân Lạc of Hoà Bình, a district of the map before 1/7/2025."""
    province, _created = Province.objects.get_or_create(
        code="17", name="Hoà Bình", valid_to=OLD_MAP_LAST_DAY
    )
    district, _created = District.objects.get_or_create(province=province, name="Huyện Tân Lạc")
    return district


def old_commune(code, name, kind=Commune.Kind.COMMUNE):
    """A commune of Huyện Tân Lạc, in force until 30/6/2025."""
    district = old_district()
    return Commune.objects.create(
        province=district.province,
        district=district,
        code=code,
        name=name,
        kind=kind,
        valid_to=OLD_MAP_LAST_DAY,
    )


def sheet_rows(content):
    """The credentials sheet's lines (STT, code, commune, district, province, login, password).
    A sheet of communes of the map from 1/7/2025 has no "Huyện" column: district None."""
    rows = list(load_workbook(BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "STT")
    lines = rows[rows.index(header) + 1 :]
    if "Huyện" in header:
        return lines
    return [(*line[:3], None, *line[3:]) for line in lines]
