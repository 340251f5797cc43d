"""The review page (issue 15, pages found unfinished): staff and leaders read the commune's
stated visits beside what the cadre logged, with the difference flagged; accept and return come
after the form, not above it; nobody but the commune reads a sentence written for the commune."""

from datetime import date

import pytest
from django.urls import reverse

from activity.models import Visit
from evaluations import services
from tests.evaluations.conftest import complete_data
from tests.html import parse

pytestmark = pytest.mark.django_db


def _log(cadre, commune, kind, status=Visit.Status.CONFIRMED, day=date(2026, 5, 4)):
    return Visit.objects.create(
        cadre=cadre, commune=commune, day=day, kind=kind, content="Dự họp.", status=status
    )


@pytest.fixture
def submitted_a(form_a, commune_a_user, hung, commune_a):
    """Commune A states 6 visits and 4 meetings; Hùng logged 4 visits there (1 meeting, and
    a visit the commune disputed, which does not count)."""
    for kind in (Visit.Kind.COMMITTEE, Visit.Kind.WORKING, Visit.Kind.SURVEY):
        _log(hung, commune_a, kind)
    _log(hung, commune_a, Visit.Kind.WORKING, status=Visit.Status.PENDING)
    _log(hung, commune_a, Visit.Kind.CELL, status=Visit.Status.DISPUTED)
    _log(hung, commune_a, Visit.Kind.CELL, day=date(2025, 12, 1))  # the year before
    return services.form_save(
        form=form_a, data=complete_data(form_a), version=0, user=commune_a_user, submit=True
    )


def _page(client, user, form):
    client.force_login(user)
    return client.get(reverse("evaluations:form", args=[form.pk])).content.decode()


def test_staff_read_the_communes_count_beside_the_cadres_log_with_the_difference(
    client, staff, submitted_a
):
    page = parse(_page(client, staff, submitted_a))
    visits = page.one(testid="compare-visits")
    assert visits.text == "Xã kê khai 6 lượt, cán bộ ghi nhận 4 lượt (chênh 2). Chênh lệch"
    assert visits.one(testid="differs")
    meetings = page.one(testid="compare-meetings")
    assert meetings.text == (
        "Xã kê khai 4 cuộc họp, cán bộ ghi nhận 1 cuộc họp (chênh 3). Chênh lệch"
    )
    assert "3 lượt đã được xã xác nhận" in page.one(testid="stated-and-logged").text


def test_a_count_that_matches_is_not_flagged(client, staff, leader, commune_a_user, submitted_a):
    services.form_return(form=submitted_a, message="Sửa số lượt.", user=staff)
    submitted_a.refresh_from_db()
    services.form_save(
        form=submitted_a,
        data=complete_data(submitted_a, visits=4, meetings=1),
        version=submitted_a.version,
        user=commune_a_user,
        submit=True,
    )
    page = parse(_page(client, leader, submitted_a))
    visits = page.one(testid="compare-visits")
    assert visits.text == "Xã kê khai 4 lượt, khớp với số cán bộ ghi nhận. Khớp"
    assert visits.find_all(testid="differs") == []


def test_accept_and_return_come_after_the_form(client, staff, submitted_a):
    html = _page(client, staff, submitted_a)
    assert html.index('data-testid="level"') < html.index('data-testid="review"')
    assert html.index('data-testid="stated-and-logged"') < html.index('data-testid="review"')
    # A link at the top leads down to them.
    assert parse(html).one(testid="to-review").attrs["href"] == "#review"


def test_staff_and_leaders_do_not_read_the_line_that_asks_the_commune_for_its_count(
    client, staff, leader, submitted_a
):
    for user in (staff, leader):
        page = _page(client, user, submitted_a)
        assert "Đề nghị xã" not in page
        assert 'data-testid="logged-visits"' not in page
        assert "Phiếu không sửa được nữa" not in page  # told to the commune once it is sent


def test_the_commune_reading_its_sent_form_sees_no_comparison_and_no_review(
    client, commune_a_user, submitted_a
):
    page = _page(client, commune_a_user, submitted_a)
    assert 'data-testid="stated-and-logged"' not in page
    assert 'data-testid="review"' not in page
    assert "Phiếu không sửa được nữa" in page


def test_staff_filling_in_a_paper_form_are_not_thanked_as_the_commune(client, staff, form_a):
    from tests.evaluations.conftest import complete_post

    client.force_login(staff)
    data = complete_post(form_a)
    data["submit"] = "1"
    response = client.post(reverse("evaluations:staff_edit", args=[form_a.pk]), data, follow=True)
    page = response.content.decode()
    assert "Cảm ơn" not in page
    assert "Đã nhập và gửi phiếu thay cho xã." in page


def test_every_form_on_the_review_page_leaves_checking_to_the_server(client, staff, submitted_a):
    forms = parse(_page(client, staff, submitted_a)).find_all(tag="form")
    assert forms and all("novalidate" in f.attrs for f in forms)
