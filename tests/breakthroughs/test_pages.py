"""The breakthrough pages as people use them: the cadre drafts a task with two targets through
the form, registers it, reads the returned comment, amends and registers again; staff return;
a leader approves and concludes; each role's 403 and another cadre's 404; the form keeps what
was typed on an error, and a stale edit is refused with the text kept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from breakthroughs.models import BreakthroughYear, Task, TaskComment

from .builders import assigned, cadre_with_account, registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def hung(db):
    return cadre_with_account("hung", full_name="Lê Văn Hùng")


def task_post(**changes):
    data = {
        "version": "",
        "title": "Xóa bỏ lò gạch thủ công",
        "field": "environment",
        "rationale": "Ô nhiễm kéo dài",
        "objectives": "Chấm dứt sản xuất gạch thủ công",
        "plan": "Vận động chuyển đổi nghề",
        "start_date": "01/03/2026",
        "deadline": "31/12/2026",
        "targets-TOTAL_FORMS": "3",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "50",
        "targets-0-measure": "Lò gạch thủ công được xóa bỏ",
        "targets-0-unit": "lò",
        "targets-0-value": "98",
        "targets-0-direction": "at_least",
        "targets-1-measure": "Hộ chuyển đổi nghề",
        "targets-1-unit": "hộ",
        "targets-1-value": "120",
        "targets-1-direction": "at_least",
        "targets-2-measure": "",
        "targets-2-unit": "",
        "targets-2-value": "",
        "targets-2-direction": "at_least",
        "save": "1",
    }
    data.update(changes)
    return data


def edit_post(task, **changes):
    data = task_post(version=str(task.version), **changes)
    data["targets-INITIAL_FORMS"] = "0"
    return data


def test_it_takes_a_cadre_from_a_draft_to_a_registered_task_and_through_a_return(
    client, hung, staff
):
    cadre, user = hung
    client.force_login(user)
    response = client.post(reverse("breakthroughs:new") + "?year=2026", task_post())
    task = Task.objects.get(cadre=cadre)
    assert response.status_code == 302 and response.url == reverse(
        "breakthroughs:task", args=[task.pk]
    )
    assert task.status == Task.Status.DRAFT and task.year == 2026
    assert [t.measure for t in task.targets.all()] == [
        "Lò gạch thủ công được xóa bỏ",
        "Hộ chuyển đổi nghề",
    ]
    page = client.get(reverse("breakthroughs:mine")).content.decode()
    assert "Xóa bỏ lò gạch thủ công" in page

    client.post(reverse("breakthroughs:register", args=[task.pk]), {"version": task.version})
    task.refresh_from_db()
    assert task.status == Task.Status.REGISTERED

    client.force_login(staff)
    response = client.post(
        reverse("breakthroughs:return", args=[task.pk]),
        {"message": "Cần cụ thể hóa chỉ tiêu", "on_objectives": "Nêu rõ mốc thời gian"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == Task.Status.RETURNED

    client.force_login(user)
    page = client.get(reverse("breakthroughs:edit", args=[task.pk])).content.decode()
    assert "Cần cụ thể hóa chỉ tiêu" in page and "Nêu rõ mốc thời gian" in page
    response = client.post(
        reverse("breakthroughs:edit", args=[task.pk]),
        edit_post(task, objectives="Chấm dứt sản xuất gạch thủ công trước 30/9/2026"),
    )
    assert response.status_code == 302
    client.post(reverse("breakthroughs:register", args=[task.pk]), {"version": task.version + 1})
    task.refresh_from_db()
    assert task.status == Task.Status.REGISTERED
    page = client.get(reverse("breakthroughs:task", args=[task.pk])).content.decode()
    assert "trước 30/9/2026" in page  # the version's difference is shown
    assert 'data-testid="diff"' in page


def test_a_leader_approves_with_the_decision_and_concludes(client, hung, leader):
    cadre, user = hung
    task = registered(cadre, user)
    client.force_login(leader)
    response = client.post(
        reverse("breakthroughs:approve", args=[task.pk]),
        {"decision_number": "125-QĐ/TU", "decision_date": "15/03/2026"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == Task.Status.ASSIGNED and task.decision_number == "125-QĐ/TU"
    client.post(
        reverse("breakthroughs:conclude", args=[task.pk]),
        {"level": "completed", "note": "Đạt các chỉ tiêu"},
    )
    task.refresh_from_db()
    assert task.conclusion == "completed"
    page = client.get(reverse("breakthroughs:task", args=[task.pk])).content.decode()
    assert task.get_conclusion_display() in page


def test_a_conclusion_needs_a_level_and_the_page_says_so(client, hung, leader):
    cadre, user = hung
    task = assigned(cadre, user, leader)
    client.force_login(leader)
    response = client.post(reverse("breakthroughs:conclude", args=[task.pk]), {"note": "x"})
    assert response.status_code == 200
    assert 'data-testid="step-conclude"' in response.content.decode()
    task.refresh_from_db()
    assert task.conclusion == ""


@pytest.mark.parametrize(
    ("role", "name", "code"),
    [
        ("staff", "approve", 403),
        ("staff", "conclude", 403),
        ("leader", "return", 403),
        ("leader", "comment", 403),
        ("leader", "edit", 403),
        ("cadre", "approve", 403),
        ("cadre", "return", 403),
    ],
)
def test_each_role_may_only_do_its_own_steps(client, hung, staff, leader, role, name, code):
    cadre, user = hung
    task = registered(cadre, user)
    client.force_login({"staff": staff, "leader": leader, "cadre": user}[role])
    assert client.post(reverse(f"breakthroughs:{name}", args=[task.pk])).status_code == code


def test_another_cadres_task_is_not_found(client, hung):
    cadre, user = hung
    task = registered(cadre, user)
    _other, other_user = cadre_with_account("lan", full_name="Trần Thị Lan")
    client.force_login(other_user)
    for name in ("task", "edit"):
        assert client.get(reverse(f"breakthroughs:{name}", args=[task.pk])).status_code == 404
    assert client.post(reverse("breakthroughs:register", args=[task.pk])).status_code == 404


def test_the_form_keeps_what_was_typed_when_a_target_is_unfinished(client, hung):
    _cadre, user = hung
    client.force_login(user)
    response = client.post(
        reverse("breakthroughs:new"),
        task_post(**{"targets-1-value": "", "plan": "Kế hoạch riêng của tôi"}),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="error-summary"' in page
    assert "Kế hoạch riêng của tôi" in page and "Hộ chuyển đổi nghề" in page
    assert not Task.objects.exists()


def test_more_rows_keeps_the_text_and_adds_empty_rows(client, hung):
    _cadre, user = hung
    client.force_login(user)
    data = task_post()
    data.pop("save")
    data["more"] = "1"
    response = client.post(reverse("breakthroughs:new"), data)
    page = response.content.decode()
    assert page.count('data-testid="target-row"') == 6
    assert "Hộ chuyển đổi nghề" in page and 'data-testid="error-summary"' not in page
    assert not Task.objects.exists()


def test_a_stale_edit_is_refused_and_its_text_kept(client, hung, staff):
    cadre, user = hung
    task = registered(cadre, user)
    stale = task.version
    client.force_login(staff)
    client.post(
        reverse("breakthroughs:edit", args=[task.pk]), edit_post(task, plan="Bản của cán bộ Ban")
    )
    task.refresh_from_db()
    assert task.version != stale
    response = client.post(
        reverse("breakthroughs:edit", args=[task.pk]),
        task_post(version=str(stale), plan="Bản gõ sau, chưa lưu"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bản gõ sau, chưa lưu" in page and "Người khác đã lưu nhiệm vụ này" in page
    task.refresh_from_db()
    assert task.plan == "Bản của cán bộ Ban"


def test_staff_comment_per_field_and_the_cadre_reads_it(client, hung, staff):
    cadre, user = hung
    task = registered(cadre, user)
    client.force_login(staff)
    client.post(
        reverse("breakthroughs:comment", args=[task.pk]),
        {"field": "plan", "text": "Bổ sung giải pháp"},
    )
    assert TaskComment.objects.filter(task=task, field="plan").exists()
    client.force_login(user)
    assert (
        "Bổ sung giải pháp"
        in client.get(reverse("breakthroughs:task", args=[task.pk])).content.decode()
    )


def test_the_cadre_reports_progress_with_a_file_and_staff_download_it(
    client, hung, staff, leader, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    cadre, user = hung
    task = assigned(cadre, user, leader)
    target = task.targets.get()
    client.force_login(user)
    response = client.post(
        reverse("breakthroughs:progress", args=[task.pk]),
        {
            "day": "30/06/2026",
            "text": "Đã xóa bỏ 40 lò",
            f"value_{target.pk}": "40",
            "file": SimpleUploadedFile(
                "bao-cao.pdf", b"%PDF-1.7 x", content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 302
    report = task.progress.get()
    assert report.values == {str(target.pk): "40"}
    client.force_login(staff)
    response = client.get(reverse("breakthroughs:progress_file", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_file_that_is_not_what_it_says_is_refused(client, hung, leader, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cadre, user = hung
    task = assigned(cadre, user, leader)
    client.force_login(user)
    response = client.post(
        reverse("breakthroughs:progress", args=[task.pk]),
        {
            "day": "30/06/2026",
            "text": "Đã xóa bỏ 40 lò",
            "file": SimpleUploadedFile("bao-cao.pdf", b"<html>", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200 and not task.progress.exists()


def test_the_province_list_filters_prints_and_exports(client, hung, staff, leader):
    cadre, user = hung
    assigned(cadre, user, leader)
    registered(cadre, user, title="Nâng cao chỉ số cải cách hành chính", field="administration")
    client.force_login(leader)
    page = client.get(
        reverse("breakthroughs:list"), {"year": 2026, "status": "assigned"}
    ).content.decode()
    assert "Xóa bỏ lò gạch thủ công" in page and "Nâng cao chỉ số" not in page
    page = client.get(reverse("breakthroughs:list"), {"year": 2026, "q": "hung"}).content.decode()
    assert "Nâng cao chỉ số" in page
    printed = client.get(reverse("breakthroughs:print"), {"year": 2026}).content.decode()
    assert "Xóa bỏ lò gạch thủ công" in printed and "Nâng cao chỉ số" not in printed
    response = client.get(reverse("breakthroughs:export"), {"year": 2026})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_staff_set_the_years_deadlines(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("breakthroughs:deadlines") + "?year=2026",
        {
            "registration_deadline": "31/01/2026",
            "approval_deadline": "28/02/2026",
            "assessment_deadline": "15/12/2026",
        },
    )
    assert response.status_code == 302
    assert BreakthroughYear.objects.get(year=2026).approval_deadline.month == 2


def test_a_task_whose_comment_author_is_gone_still_shows(client, hung, staff):
    """A comment, remark or version whose author's account was deleted reads "—"."""
    from breakthroughs.models import TaskVersion

    cadre, user = hung
    task = registered(cadre, user)
    TaskComment.objects.create(task=task, field="objectives", text="Làm rõ mục tiêu", by=None)
    TaskComment.objects.create(task=task, kind="remark", text="Đôn đốc tiến độ", by=None)
    TaskVersion.objects.create(
        task=task, number=99, kind="adjusted", snapshot=task.snapshot(), by=None
    )
    client.force_login(staff)
    page = client.get(reverse("breakthroughs:task", args=[task.pk]))
    assert page.status_code == 200
    assert "Làm rõ mục tiêu" in page.content.decode()
