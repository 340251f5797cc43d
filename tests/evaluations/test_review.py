import pytest
from django.urls import reverse

from evaluations import services
from evaluations.models import FormEvent
from tests.evaluations.conftest import complete_data, complete_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_a(form_a, commune_a_user):
    return services.form_save(
        form=form_a, data=complete_data(form_a), version=0, user=commune_a_user, submit=True
    )


def test_staff_returns_a_form_and_the_commune_sees_why_and_edits_again(
    client, staff, commune_a_user, submitted_a
):
    criterion = submitted_a.round.criteria.get(position=3)
    client.force_login(staff)
    client.post(
        reverse("evaluations:return", args=[submitted_a.pk]),
        {
            "ret-message": "Đề nghị bổ sung số lượt về cơ sở.",
            f"ret-c{criterion.pk}": "Nêu việc cụ thể.",
        },
    )
    submitted_a.refresh_from_db()
    assert submitted_a.status == "returned"
    client.force_login(commune_a_user)
    page = client.get(reverse("evaluations:form", args=[submitted_a.pk])).content.decode()
    assert "Đề nghị bổ sung số lượt về cơ sở." in page and "Nêu việc cụ thể." in page
    assert "<textarea" in page  # editable again


def test_on_resubmission_the_reviewer_sees_what_changed(client, staff, commune_a_user, submitted_a):
    services.form_return(form=submitted_a, message="Bổ sung.", user=staff)
    submitted_a.refresh_from_db()
    client.force_login(commune_a_user)
    data = complete_post(submitted_a, visits="9", strengths="Bám sát cơ sở hơn.")
    data["submit"] = "1"
    client.post(reverse("evaluations:form", args=[submitted_a.pk]), data)
    client.force_login(staff)
    page = client.get(reverse("evaluations:form", args=[submitted_a.pk])).content.decode()
    assert 'data-testid="changes-since-return"' in page
    assert "Bám sát cơ sở hơn." in page
    client.post(reverse("evaluations:accept", args=[submitted_a.pk]))
    submitted_a.refresh_from_db()
    assert submitted_a.status == "accepted"
    kinds = list(
        FormEvent.objects.filter(form=submitted_a)
        .order_by("at", "pk")
        .values_list("kind", flat=True)
    )
    assert kinds == ["submitted", "returned", "submitted", "accepted"]


def test_a_form_not_yet_submitted_cannot_be_accepted(client, staff, form_a):
    client.force_login(staff)
    response = client.post(reverse("evaluations:accept", args=[form_a.pk]), follow=True)
    assert "Chỉ tiếp nhận được phiếu đã gửi." in response.content.decode()
    form_a.refresh_from_db()
    assert form_a.status == "new"


def test_staff_fill_in_a_paper_form_on_the_communes_behalf(client, staff, form_a):
    client.force_login(staff)
    data = complete_post(form_a)
    data["submit"] = "1"
    client.post(reverse("evaluations:staff_edit", args=[form_a.pk]), data)
    form_a.refresh_from_db()
    assert form_a.status == "submitted"
    assert FormEvent.objects.get(form=form_a, kind="submitted").by == staff
