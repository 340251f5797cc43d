"""Two tabs, a double click, a staff member and the commune at the same time: one submitted
form, and nobody's text lost silently."""

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from evaluations import services
from evaluations.models import EvaluationForm, FormEvent
from tests.evaluations.conftest import complete_data, complete_post


@pytest.mark.django_db
def test_a_second_save_from_an_older_page_is_refused_and_the_text_kept(
    client, staff, commune_a_user, form_a
):
    # The commune opened the form at version 0; meanwhile staff saved it (version 1).
    services.form_save(
        form=form_a,
        data=complete_data(form_a, strengths="Ý kiến của Ban"),
        version=0,
        user=staff,
        as_staff=True,
    )
    client.force_login(commune_a_user)
    data = complete_post(form_a, version=0, strengths="Ý kiến của xã")
    data["save"] = "1"
    page = client.post(reverse("evaluations:form", args=[form_a.pk]), data).content.decode()
    assert "Người khác đã lưu phiếu này sau khi đồng chí mở" in page
    assert "Ý kiến của xã" in page  # the commune's text is still on its screen
    form_a.refresh_from_db()
    assert form_a.strengths == "Ý kiến của Ban"  # and staff's text was not overwritten


@pytest.mark.django_db
def test_a_double_click_on_submit_leaves_one_submission(client, commune_a_user, form_a):
    client.force_login(commune_a_user)
    data = complete_post(form_a)
    data["submit"] = "1"
    first = client.post(reverse("evaluations:form", args=[form_a.pk]), data)
    assert "Đã gửi phiếu đến Ban Tổ chức Tỉnh ủy" in first.content.decode()
    # The second lands on the same home, told the form is already in.
    second = client.post(reverse("evaluations:form", args=[form_a.pk]), data, follow=True)
    assert second.redirect_chain == [(reverse("evaluations:home"), 302)]
    assert "Phiếu này đã được gửi." in second.content.decode()
    assert FormEvent.objects.filter(form=form_a, kind="submitted").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_leave_one_submitted_form(commune_a_user, form_a):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks (CI runs the suite on it)")
    barrier = threading.Barrier(2, timeout=10)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            services.form_save(
                form=form_a,
                data=complete_data(form_a),
                version=0,
                user=commune_a_user,
                submit=True,
                ip="10.0.0.1",
            )
            outcomes.append("ok")
        except services.StaleForm:
            outcomes.append("stale")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes == ["ok", "ok"]  # the second finds the form already in: a no-op
    assert EvaluationForm.objects.get(pk=form_a.pk).status == "submitted"
    assert FormEvent.objects.filter(form=form_a, kind="submitted").count() == 1


@pytest.mark.django_db
def test_a_form_dropped_while_the_commune_types_is_not_saved_over(staff, commune_a_user, form_a):
    opened = EvaluationForm.objects.select_related("round").get(pk=form_a.pk)  # the commune's page
    services.expected_drop(
        form=EvaluationForm.objects.get(pk=form_a.pk), reason="Xã đã sáp nhập", user=staff
    )
    with pytest.raises(services.StaleForm):
        services.form_save(
            form=opened,
            data=complete_data(opened, strengths="Ý kiến của xã"),
            version=0,
            user=commune_a_user,
        )
    form_a.refresh_from_db()
    assert form_a.dropped_at is not None
    assert form_a.strengths == ""
