"""The columns that name a commune in an Excel list, written once for every list that has them:
its code, its name and, on a map with districts (before 1/7/2025), its district."""

from core.exports import Column


def commune_columns(*, districts, name="Xã, phường"):
    """ "Mã xã", the name's column (`name`: "Tên xã" where the list imports back) and "Huyện"
    when `districts`."""
    return [
        Column.code("Mã xã"),
        Column.text(name, 30),
        *([Column.text("Huyện", 24)] if districts else []),
    ]


def commune_cells(commune, *, districts):
    """The cells of `commune_columns` for one commune."""
    district = [commune.district.name if commune.district_id else ""] if districts else []
    return (commune.code, commune.name, *district)
