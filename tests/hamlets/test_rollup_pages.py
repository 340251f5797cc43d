# ruff: noqa: F811 (fixtures imported from test_rollup_figures)
"""The roll-up pages: staff and leaders read the province's table, a commune and a hamlet;
commune and cadre accounts get 403; unknown ids 404; the Excel file holds the same numbers."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import PersonalDataAccess
from tests.conftest import make_user
from tests.evaluations.conftest import agency, assignments, hung, lan  # noqa: F401
from tests.hamlets.test_rollup_figures import _more_communes, commune_c, rollup_world  # noqa: F401

pytestmark = pytest.mark.django_db

Q = {"year": 2026}


def _row(response, commune):
    content = response.content.decode()
    start = content.index(f'data-commune="{commune.pk}"')
    return content[start : content.index("</tr>", start)]


def test_staff_see_each_communes_figures_and_the_totals(client, staff, rollup_world):
    client.force_login(staff)
    response = client.get(reverse("rollup:province"), Q)
    assert response.status_code == 200
    row = _row(response, rollup_world["a"])
    assert reverse("rollup:commune", args=[rollup_world["a"].pk]) in row
    assert "Nguyễn Văn Hùng" in row
    rows = list(response.context["rows"])
    assert [r["name"] for r in rows] == ["Phường Việt Trì", "Xã Tân Lạc", "Xã Yên Lập"]
    assert response.context["t"]["hamlets_in_force"] == 5
    assert PersonalDataAccess.objects.filter(user=staff, row_count=3).exists()


def test_the_table_filters_by_name_without_diacritics_and_sorts(client, leader, rollup_world):
    client.force_login(leader)
    response = client.get(reverse("rollup:province"), {**Q, "q": "tan lac"})
    assert [r["name"] for r in response.context["rows"]] == ["Xã Tân Lạc"]
    assert response.context["t"]["hamlets_in_force"] == 1  # the totals of what is shown
    response = client.get(reverse("rollup:province"), {**Q, "sort": "-hamlets"})
    assert [r["name"] for r in response.context["rows"]][0] == "Phường Việt Trì"


def test_a_malformed_year_answers_400(client, staff):
    client.force_login(staff)
    assert client.get(reverse("rollup:province"), {"year": "abc"}).status_code == 400


@pytest.mark.parametrize("name", ["rollup:commune", "rollup:hamlet"])
def test_unknown_ids_answer_404(client, staff, name, db):
    client.force_login(staff)
    assert client.get(reverse(name, args=[987654]), Q).status_code == 404


def test_commune_and_cadre_accounts_are_refused(client, commune_a_user, hung, rollup_world):  # noqa: F811
    cadre_user = make_user("canbo", "cadre", cadre=hung)
    for user in (commune_a_user, cadre_user):
        client.force_login(user)
        for url in (
            reverse("rollup:province"),
            reverse("rollup:commune", args=[rollup_world["a"].pk]),
            reverse("rollup:hamlet", args=[rollup_world["thon"][1].pk]),
        ):
            assert client.get(url, Q).status_code == 403, (user, url)


def test_the_commune_drill_down_names_who_follows_each_hamlet(client, staff, rollup_world):
    client.force_login(staff)
    response = client.get(reverse("rollup:commune", args=[rollup_world["a"].pk]), Q)
    assert response.status_code == 200
    content = response.content.decode()
    for name in ("Khu 1", "Khu 4", "Trần Văn Bình", "Hà Văn Đi", "Chi bộ khu 1"):
        assert name in content
    assert reverse("rollup:hamlet", args=[rollup_world["thon"][3].pk]) in content
    assert response.context["row"]["members_under"] == 1
    # the commune's own pages (hamlets:)
    assert reverse("hamlets:commune", kwargs={"commune_pk": rollup_world["a"].pk}) in content
    # and the menu leads here
    assert reverse("rollup:province") in content
    assert PersonalDataAccess.objects.filter(user=staff, object_id=rollup_world["a"].pk).exists()


def test_the_hamlet_drill_down_shows_its_history_and_its_cells_meetings(
    client, staff, rollup_world
):
    client.force_login(staff)
    response = client.get(reverse("rollup:hamlet", args=[rollup_world["thon"][3].pk]), Q)
    content = response.content.decode()
    assert "Đỗ Thị Cúc" in content and "Hà Văn Đi" in content  # both followed it in turn
    response = client.get(reverse("rollup:hamlet", args=[rollup_world["thon"][1].pk]), Q)
    # every cell meeting of its cell in 2026, the disputed one shown too: 5 + 3 + 1 + 1
    assert len(response.context["meetings"]) == 10


def test_the_excel_file_holds_the_tables_numbers(client, staff, rollup_world):
    client.force_login(staff)
    response = client.get(reverse("rollup:province"), {**Q, "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[1] == "Phường Việt Trì"]
    assert rows[0][2:4] == (4, 3)
    assert rows[0][13] == "Nguyễn Văn Hùng"


def test_the_page_makes_as_many_queries_at_any_size(
    client, staff, rollup_world, province, django_assert_max_num_queries
):
    client.force_login(staff)
    url = reverse("rollup:province")
    client.get(url, Q)
    with django_assert_max_num_queries(30) as small:
        client.get(url, Q)
    _more_communes(province, 60, 0)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url, Q)
    assert response.context["total"] == 63
