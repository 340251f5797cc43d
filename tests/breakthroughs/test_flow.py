"""A task's way through the flow: drafted, registered, returned with comments, amended,
approved, changed with a reason and approved again, followed, assessed, concluded; every step
a version."""

from datetime import date

import pytest
from django.utils import translation

from breakthroughs import services
from breakthroughs.models import Task, TaskComment

from .builders import assigned, cadre_with_account, draft, registered, targets, task_data


@pytest.fixture
def hung(db):
    return cadre_with_account("hung", full_name="Lê Văn Hùng")


def kinds(task):
    return list(task.versions.values_list("kind", flat=True))


def test_it_goes_from_draft_to_assigned_keeping_every_version(hung, staff, leader):
    cadre, user = hung
    task = draft(cadre, user)
    assert task.status == Task.Status.DRAFT
    assert kinds(task) == []  # a draft never sent is the cadre's work in progress

    task = services.task_register(task=task, version=task.version, user=user)
    assert task.status == Task.Status.REGISTERED

    task = services.task_update(
        task=task,
        data=task_data(plan="Vận động, hỗ trợ chuyển đổi nghề; kiểm tra hằng tháng"),
        targets=targets(("Lò gạch thủ công được xóa bỏ", "lò", "98")),
        version=task.version,
        user=staff,
    )
    assert task.status == Task.Status.REGISTERED

    task = services.task_return(
        task=task,
        message="Đề nghị bổ sung chỉ tiêu",
        comments=[("targets", "Thêm chỉ tiêu chuyển đổi nghề"), ("plan", "")],
        user=staff,
    )
    assert task.status == Task.Status.RETURNED
    comments = list(TaskComment.objects.filter(task=task).values_list("field", "text"))
    assert comments == [
        ("", "Đề nghị bổ sung chỉ tiêu"),
        ("targets", "Thêm chỉ tiêu chuyển đổi nghề"),
    ]

    task = services.task_update(
        task=task,
        data=task_data(),
        targets=targets(
            ("Lò gạch thủ công được xóa bỏ", "lò", "98"),
            ("Lao động được chuyển đổi nghề", "người", "300"),
        ),
        version=task.version,
        user=user,
    )
    task = services.task_register(task=task, version=task.version, user=user)
    task = services.task_approve(
        task=task, user=leader, decision_number="125-QĐ/TU", decision_date=date(2026, 3, 5)
    )
    assert task.status == Task.Status.ASSIGNED
    assert task.approved_by == leader
    assert task.decision_number == "125-QĐ/TU"

    versions = list(task.versions.all())
    assert [v.kind for v in versions] == [
        "registered",
        "adjusted",
        "returned",
        "amended",
        "registered",
        "approved",
    ]
    assert [v.number for v in versions] == [1, 2, 3, 4, 5, 6]
    assert versions[2].reason == "Đề nghị bổ sung chỉ tiêu"
    assert versions[1].by == staff
    assert len(versions[-1].snapshot["targets"]) == 2
    assert versions[-1].snapshot["decision_number"] == "125-QĐ/TU"
    stored = Task.objects.get(pk=task.pk)
    assert stored.version == task.version


def test_a_change_after_approval_waits_for_a_new_approval(hung, leader):
    cadre, user = hung
    task = assigned(cadre, user, leader)
    task = services.task_update(
        task=task,
        data=task_data(deadline=date(2026, 11, 30)),
        targets=None,
        version=task.version,
        user=leader,
        reason="Đẩy nhanh tiến độ theo chỉ đạo",
    )
    assert task.status == Task.Status.CHANGED
    version = task.versions.last()
    assert (version.kind, version.reason) == ("changed", "Đẩy nhanh tiến độ theo chỉ đạo")
    assert Task.objects.assigned().filter(pk=task.pk).exists()  # still assigned meanwhile
    task = services.task_approve(task=task, user=leader)
    assert task.status == Task.Status.ASSIGNED
    assert kinds(task)[-2:] == ["changed", "approved"]


def test_the_year_is_followed_assessed_and_concluded(hung, staff, leader):
    cadre, user = hung
    task = assigned(
        cadre,
        user,
        leader,
        target_rows=[("Lò gạch được xóa bỏ", "lò", "98"), ("Hộ vi phạm", "hộ", "5", "at_most")],
    )
    first, second = task.targets.all()
    report = services.progress_add(
        task=task,
        day=date(2026, 6, 30),
        text="Đã xóa bỏ 60 lò",
        values={str(first.pk): "60"},
        user=user,
    )
    assert report.values == {str(first.pk): "60"}
    remark = services.remark_add(task=task, text="Cần đẩy nhanh ở xã Tân Lạc", user=staff)
    assert remark.kind == TaskComment.Kind.REMARK

    services.self_assess(
        task=task, values={first.pk: "98", second.pk: "3"}, text="Hoàn thành", user=user
    )
    services.focal_assess(
        task=task, values={first.pk: "97,5"}, text="Còn 1 lò chưa xóa", user=staff
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.self_value, first.focal_value) == (98, 97.5)
    assert first.reached is False  # the focal point's value counts
    assert second.reached is True  # at most 5
    stored = Task.objects.get(pk=task.pk)
    assert stored.self_assessment == "Hoàn thành"
    assert stored.focal_assessment == "Còn 1 lò chưa xóa"

    task = services.task_conclude(task=stored, level="good", note="Cơ bản đạt", user=leader)
    task = services.task_conclude(task=task, level="completed", note="Xem lại", user=leader)
    stored = Task.objects.get(pk=task.pk)
    assert (stored.conclusion, stored.conclusion_note) == ("completed", "Xem lại")
    assert stored.concluded_by == leader
    assert kinds(task)[-2:] == ["concluded", "concluded"]


def test_a_task_is_carried_into_the_next_year_as_a_draft_copy(hung, staff, leader):
    cadre, user = hung
    task = assigned(cadre, user, leader, focal_point=staff)
    new = services.task_carry(task=task, reason="Chưa đủ thời gian triển khai", user=staff)
    task.refresh_from_db()
    assert task.status == Task.Status.CARRIED
    assert task.end_reason == "Chưa đủ thời gian triển khai"
    assert (new.year, new.status, new.carried_from) == (2027, Task.Status.DRAFT, task)
    assert (new.title, new.focal_point) == (task.title, staff)
    assert new.deadline == date(2027, 12, 31)
    assert [t.measure for t in new.targets.all()] == [t.measure for t in task.targets.all()]
    assert kinds(task)[-1] == "carried"


def test_a_task_is_dropped_with_its_reason(hung, staff):
    cadre, user = hung
    task = registered(cadre, user)
    task = services.task_drop(task=task, reason="Trùng với nhiệm vụ khác", user=staff)
    assert Task.objects.get(pk=task.pk).status == Task.Status.DROPPED
    version = task.versions.last()
    assert (version.kind, version.reason) == ("dropped", "Trùng với nhiệm vụ khác")


def test_the_differences_name_the_fields_and_describe_the_targets(hung, staff):
    cadre, user = hung
    task = registered(cadre, user)
    before = task.versions.last().snapshot
    task = services.task_update(
        task=task,
        data=task_data(deadline=date(2026, 10, 31), field="economy", focal_point=staff),
        targets=targets(
            ("Lò gạch thủ công được xóa bỏ", "lò", "100"), ("Hộ vi phạm", "hộ", "5", "at_most")
        ),
        version=task.version,
        user=staff,
    )
    after = task.versions.last().snapshot
    with translation.override("en"):
        with_changes = services.version_diff(before, after)
    assert ("completion deadline", "31/12/2026", "31/10/2026") in with_changes
    labels = [label for label, _before, _after in with_changes]
    assert labels == ["field", "completion deadline", "focal point", "Target 1", "Target 2"]
    assert with_changes[0][1:] == ("Natural resources and environment", "Economic development")
    assert with_changes[2][1:] == ("", "Nguyễn Thị Thu Hà")
    assert with_changes[3][1:] == (
        "Lò gạch thủ công được xóa bỏ: at least 98 lò",
        "Lò gạch thủ công được xóa bỏ: at least 100 lò",
    )
    assert with_changes[4][1:] == ("", "Hộ vi phạm: at most 5 hộ")
    assert services.version_diff(after, after) == []
