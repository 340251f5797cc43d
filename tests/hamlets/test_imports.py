"""Hamlets and commune members from a workbook (issue 17): a commune imports its own, staff the
whole province; the registry's upload → preview → confirm, all or nothing, every bad row named."""

from datetime import date

import pytest
from django.urls import reverse

from core.models import ImportUpload, ImportValueMapping
from hamlets.imports import HamletImport
from hamlets.models import CommuneMember, Hamlet, PartyCell
from tests.workbooks import downloaded_rows, upload, xlsx

pytestmark = pytest.mark.django_db

HAMLET_HEADERS = (
    "Mã thôn",
    "Tên thôn",
    "Loại",
    "Số hộ",
    "Số tổ tự quản",
    "Chi bộ",
    "Hiệu lực từ",
)
HAMLETS = [
    HAMLET_HEADERS,
    ("01", "Thôn Đồng Tâm", "thôn", 212, 4, "Chi bộ thôn Đồng Tâm", "01/07/2025"),
    ("02", "Tổ dân phố 3", "TDP", 180, 3, "Chi bộ Tổ dân phố 3", None),
    (None, "Bản Na", None, 95, 2, "chi bo thon dong tam", None),  # kind from the name
]
MEMBER_HEADERS = ("Họ và tên", "Ngày sinh", "Chức vụ", "Chức danh", "Ngày thôi")
MEMBERS = [
    MEMBER_HEADERS,
    ("Hà Thị Mai", "12/03/1978", "Phó Bí thư", "Chủ tịch UBND xã", None),
    ("Lò Văn Sơn", "02/09/1985", "uvbtv", "", None),
    ("Nguyễn Văn An", None, "Đảng ủy viên", "Trưởng Công an xã", None),
]


def _post(client, rows, kind="hamlets", name="thon.xlsx"):
    return client.post(
        reverse("hamlet_imports:import_start"),
        {"kind": kind, "file": upload(rows, name=name)},
        follow=True,
    )


def _confirm(client):
    upload_row = ImportUpload.objects.latest("pk")
    return client.post(reverse("hamlet_imports:import_confirm", args=[upload_row.pk]), follow=True)


def _errors(response):
    """(row, column) of each error the preview lists."""
    result = ImportUpload.objects.latest("pk").outcome()
    assert response.status_code == 200
    assert 'data-testid="import-errors"' in response.content.decode()
    return {(e.row, e.column) for e in result.errors}


def test_it_creates_a_communes_hamlets_cells_and_members(client, commune_a, commune_a_user):
    client.force_login(commune_a_user)
    preview = _post(client, HAMLETS)
    assert 'data-testid="confirm-import"' in preview.content.decode()
    assert not Hamlet.objects.exists()  # the preview writes nothing
    _confirm(client)
    hamlets = {h.name: h for h in Hamlet.objects.select_related("cell")}
    assert set(hamlets) == {"Thôn Đồng Tâm", "Tổ dân phố 3", "Bản Na"}
    assert {h.commune_id for h in hamlets.values()} == {commune_a.pk}
    assert hamlets["Thôn Đồng Tâm"].households == 212
    assert hamlets["Thôn Đồng Tâm"].valid_from == date(2025, 7, 1)
    assert hamlets["Tổ dân phố 3"].kind == Hamlet.Kind.TO_DAN_PHO
    assert hamlets["Bản Na"].kind == Hamlet.Kind.BAN
    # "chi bo thon dong tam" is the cell of row 2, found by its folded name.
    assert hamlets["Bản Na"].cell == hamlets["Thôn Đồng Tâm"].cell
    assert PartyCell.objects.filter(commune=commune_a).count() == 2

    _post(client, MEMBERS, kind="commune_members")
    _confirm(client)
    members = {m.full_name: m for m in CommuneMember.objects.all()}
    assert members["Hà Thị Mai"].position == CommuneMember.Position.DEPUTY_SECRETARY
    assert members["Hà Thị Mai"].date_of_birth == date(1978, 3, 12)
    assert members["Lò Văn Sơn"].position == CommuneMember.Position.STANDING
    assert members["Nguyễn Văn An"].title == "Trưởng Công an xã"
    assert {m.commune_id for m in members.values()} == {commune_a.pk}


def test_importing_again_updates_and_never_duplicates(client, commune_a, commune_a_user):
    client.force_login(commune_a_user)
    _post(client, HAMLETS)
    _confirm(client)
    _post(client, MEMBERS, kind="commune_members")
    _confirm(client)
    changed = [
        HAMLET_HEADERS,
        ("01", "Thôn Đồng Tâm Mới", "thôn", 230, 4, "Chi bộ thôn Đồng Tâm", "01/07/2025"),
        ("02", "Tổ dân phố 3", "TDP", 180, 3, "Chi bộ Tổ dân phố 3", None),
        (None, "BẢN NA", "bản", 99, 2, "Chi bộ thôn Đồng Tâm", None),  # found by folded name
    ]
    _post(client, changed)
    result = ImportUpload.objects.latest("pk").outcome()
    assert (result.new, result.changed, result.unchanged) == (0, 2, 1)
    _confirm(client)
    assert Hamlet.objects.count() == 3
    assert Hamlet.objects.get(code="01").name == "Thôn Đồng Tâm Mới"  # found by its code
    assert Hamlet.objects.get(search_name="ban na").households == 99
    assert PartyCell.objects.count() == 2

    members = [
        MEMBER_HEADERS,
        ("HÀ THỊ MAI", "12/03/1978", "Bí thư", "Chủ tịch UBND xã", None),
        ("Lò Văn Sơn", "02/09/1985", "uvbtv", "", "31/12/2025"),
        ("Nguyễn Văn An", "05/05/1980", "Đảng ủy viên", "Trưởng Công an xã", None),
    ]
    _post(client, members, kind="commune_members")
    _confirm(client)
    assert CommuneMember.objects.count() == 3
    mai = CommuneMember.objects.get(search_name="ha thi mai")
    assert mai.position == CommuneMember.Position.SECRETARY
    assert CommuneMember.objects.get(search_name="lo van son").left_on == date(2025, 12, 31)
    # The member imported without a date of birth gets it.
    assert CommuneMember.objects.get(search_name="nguyen van an").date_of_birth == date(1980, 5, 5)

    _post(client, members, kind="commune_members")
    result = ImportUpload.objects.latest("pk").outcome()
    assert (result.new, result.changed, result.unchanged) == (0, 0, 3)


def test_bad_rows_are_each_named_and_nothing_is_written(
    client, commune_a, commune_b, commune_a_user
):
    client.force_login(commune_a_user)
    rows = [
        ("Mã xã", *HAMLET_HEADERS),
        (commune_a.code, "01", "Thôn Đồng Tâm", "thôn", 212, 4, None, None),
        (None, "02", "Thôn Hạ", "làng nghề", 10, 1, None, None),  # unknown kind
        (None, "03", "Thôn Thượng", "thôn", -5, 1, None, None),  # negative households
        (commune_b.code, "04", "Thôn Giữa", "thôn", 10, 1, None, None),  # another commune
        (None, "05", None, "thôn", 10, 1, None, None),  # no name
    ]
    response = _post(client, rows)
    assert _errors(response) == {
        (3, "Loại"),
        (4, "Số hộ"),
        (5, "Mã xã"),
        (6, "Tên thôn"),
    }
    page = response.content.decode()
    assert commune_a.name in page  # "is not the code of Phường Việt Trì…"
    assert 'data-testid="confirm-import"' not in page
    _confirm(client)
    assert not Hamlet.objects.exists()
    assert not PartyCell.objects.exists()


def test_a_member_without_a_name_or_with_an_unknown_position_is_refused(
    client, commune_a, commune_a_user
):
    client.force_login(commune_a_user)
    rows = [*MEMBERS, (None, "01/01/1990", "Bí thư", "", None), ("Lê Văn C", None, "xyz", "", None)]
    assert _errors(_post(client, rows, kind="commune_members")) == {
        (5, "Họ và tên"),
        (6, "Chức vụ"),
    }
    _confirm(client)
    assert not CommuneMember.objects.exists()


def test_two_namesakes_need_a_date_of_birth(client, commune_a, commune_a_user):
    for born in (date(1970, 1, 1), date(1990, 1, 1)):
        CommuneMember.objects.create(commune=commune_a, full_name="Lê Văn Bình", date_of_birth=born)
    client.force_login(commune_a_user)
    rows = [MEMBER_HEADERS, ("Lê Văn Bình", None, "Cán bộ xã", "", None)]
    assert _errors(_post(client, rows, kind="commune_members")) == {(2, "Họ và tên")}
    rows = [MEMBER_HEADERS, ("Lê Văn Bình", "01/01/1990", "Cán bộ xã", "Văn phòng", None)]
    _post(client, rows, kind="commune_members")
    _confirm(client)
    assert CommuneMember.objects.count() == 2
    assert CommuneMember.objects.get(date_of_birth=date(1990, 1, 1)).title == "Văn phòng"


def test_staff_import_for_the_province_by_commune_code(client, staff, commune_a, commune_b):
    client.force_login(staff)
    rows = [
        ("Mã xã", *HAMLET_HEADERS),
        (commune_a.code, "01", "Thôn 1", "thôn", 100, 2, None, None),
        ("4792", "01", "Thôn 1", "thôn", 120, 3, None, None),  # Excel dropped the 0
    ]
    _post(client, rows)
    _confirm(client)
    assert sorted(Hamlet.objects.values_list("commune__code", "households")) == [
        (commune_b.code, 120),
        (commune_a.code, 100),
    ]
    rows = [("Mã xã", *HAMLET_HEADERS), ("99999", "01", "Thôn 1", "thôn", 1, 1, None, None)]
    assert _errors(_post(client, rows)) == {(2, "Mã xã")}
    # Staff name the commune of every row: a file without the column is refused as a whole.
    response = _post(client, HAMLETS)
    assert "Mã xã" in response.content.decode()
    assert Hamlet.objects.count() == 2


def test_staff_map_an_unknown_kind_and_it_is_read_so_from_then_on(client, staff, commune_a):
    client.force_login(staff)
    rows = [
        ("Mã xã", *HAMLET_HEADERS),
        (commune_a.code, "01", "Thôn 1", "Xóm trại", 1, 1, None, None),
    ]
    page = _post(client, rows).content.decode()
    assert 'data-testid="unknown-value"' in page
    upload_row = ImportUpload.objects.latest("pk")
    client.post(reverse("hamlet_imports:import_map", args=[upload_row.pk]), {"value-0": "other"})
    assert ImportValueMapping.objects.get().kind == "hamlets"
    _confirm(client)
    assert Hamlet.objects.get().kind == Hamlet.Kind.OTHER


def test_a_commune_cannot_map_values_but_stored_mappings_apply(client, commune_a, commune_a_user):
    client.force_login(commune_a_user)
    rows = [HAMLET_HEADERS, ("01", "Thôn 1", "Xóm trại", 1, 1, None, None)]
    assert _errors(_post(client, rows)) == {(2, "Loại")}
    upload_row = ImportUpload.objects.latest("pk")
    response = client.post(
        reverse("hamlet_imports:import_map", args=[upload_row.pk]), {"value-0": "other"}
    )
    assert response.status_code == 403
    ImportValueMapping.remember(
        kind="hamlets", column="kind", key="xom trai", written="Xóm trại", value="other"
    )
    _post(client, rows)
    _confirm(client)
    assert Hamlet.objects.get().kind == Hamlet.Kind.OTHER


def test_commune_b_cannot_see_or_confirm_commune_as_upload(
    client, commune_a_user, commune_b_user, staff
):
    client.force_login(commune_a_user)
    _post(client, HAMLETS)
    upload_row = ImportUpload.objects.get()
    for user in (commune_b_user, staff):
        client.force_login(user)
        preview = reverse("hamlet_imports:import_preview", args=[upload_row.pk])
        assert client.get(preview).status_code == 404
        confirm = reverse("hamlet_imports:import_confirm", args=[upload_row.pk])
        assert client.post(confirm).status_code == 404
    assert not Hamlet.objects.exists()


def test_a_registry_upload_is_not_reachable_here(client, staff):
    upload_row = ImportUpload.objects.create(
        kind="agencies", original_name="x.xlsx", uploaded_by=staff
    )
    client.force_login(staff)
    url = reverse("hamlet_imports:import_preview", args=[upload_row.pk])
    assert client.get(url).status_code == 404


def test_leaders_and_cadres_cannot_import(client, leader):
    client.force_login(leader)
    assert client.get(reverse("hamlet_imports:import_start")).status_code == 403


def test_the_templates_read_back_and_a_communes_has_no_commune_column(
    client, staff, commune_a_user
):
    def header(kind):
        url = reverse("hamlet_imports:import_template", args=[kind])
        rows = downloaded_rows(client.get(url))
        return next(row for row in rows if "Ngày sinh" in row or "Tên thôn" in row)

    client.force_login(commune_a_user)
    assert header("hamlets") == HAMLET_HEADERS
    assert header("commune_members") == MEMBER_HEADERS
    client.force_login(staff)
    assert header("hamlets") == ("Mã xã", *HAMLET_HEADERS)
    assert client.get(reverse("hamlet_imports:import_template", args=["x"])).status_code == 404


def test_the_spec_runs_without_a_user_for_the_whole_province(commune_a):
    from core.imports import run_import

    rows = [
        ("Mã xã", *HAMLET_HEADERS),
        (commune_a.code, None, "Tổ dân phố 5", None, 0, 0, None, None),
    ]
    result = run_import(HamletImport(), xlsx(rows))
    assert result.ok and result.new == 1
    assert Hamlet.objects.get().kind == Hamlet.Kind.TO_DAN_PHO


def test_a_hamlet_twice_in_one_file_names_the_earlier_row(client, commune_a, commune_a_user):
    client.force_login(commune_a_user)
    rows = [*HAMLETS, ("09", "thon dong tam", "thôn", 1, 1, None, None)]
    assert _errors(_post(client, rows)) == {(5, "Tên thôn")}
    result = ImportUpload.objects.latest("pk").outcome()
    assert "2" in result.errors[0].message  # "trùng với thôn ở dòng 2"
    assert not Hamlet.objects.exists()


def test_a_sheet_too_long_for_the_page_is_refused_whole(
    client, commune_a, commune_a_user, settings
):
    settings.IMPORT_BACKGROUND_ROWS = 2
    client.force_login(commune_a_user)
    response = _post(client, HAMLETS)
    assert response.status_code == 200
    assert not ImportUpload.objects.exists()
    assert not Hamlet.objects.exists()
