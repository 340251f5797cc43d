"""The state rules of breakthrough tasks (issue 18, "Bad input"): each refused with a message a
person can act on, and nothing saved."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from breakthroughs import services
from breakthroughs.models import Target, Task, TaskComment, TaskVersion

from .builders import assigned, cadre_with_account, draft, registered, targets, task_data


@pytest.fixture(autouse=True)
def _in_english():
    # The messages are asserted in the source's words, whatever the catalogue holds.
    with translation.override("en"):
        yield


@pytest.fixture
def hung(db):
    return cadre_with_account("hung", full_name="Lê Văn Hùng")


def messages(error):
    return " ".join(error.value.messages)


# --- registering ---------------------------------------------------------------------------


def test_a_task_without_targets_cannot_be_registered(hung):
    cadre, user = hung
    task = services.task_create(cadre=cadre, year=2026, data=task_data(), targets=[], user=user)
    with pytest.raises(ValidationError, match="at least one target"):
        services.task_register(task=task, version=task.version, user=user)
    assert Task.objects.get(pk=task.pk).status == Task.Status.DRAFT


def test_a_target_with_no_measure_or_value_cannot_be_submitted_and_is_named(hung):
    cadre, user = hung
    with pytest.raises(ValidationError) as error:
        draft(cadre, user, target_rows=[("Lò gạch được xóa bỏ", "lò", "98"), ("", "hộ", "")])
    assert error.value.message_dict["targets"] == [
        "A target with no measure or value cannot be submitted: target 2 needs its measure, "
        "unit and value."
    ]
    assert not Task.objects.exists()


def test_a_stored_target_without_its_measure_keeps_the_task_from_being_registered(hung):
    cadre, user = hung
    task = draft(cadre, user)
    Target.objects.create(task=task, position=2, measure="", unit="lò", value=5)
    with pytest.raises(ValidationError) as error:
        services.task_register(task=task, version=task.version, user=user)
    assert "target 2 needs its measure" in messages(error)
    assert Task.objects.get(pk=task.pk).status == Task.Status.DRAFT


def test_a_target_value_is_a_number_not_below_zero(hung):
    cadre, user = hung
    for value in ("-1", "nhiều", "NaN"):
        with pytest.raises(ValidationError, match="target 1|Target 1"):
            draft(cadre, user, target_rows=[("Lò gạch được xóa bỏ", "lò", value)])


def test_a_draft_may_lack_its_texts_but_not_to_be_registered(hung):
    cadre, user = hung
    task = draft(cadre, user, rationale="", plan="  ")
    with pytest.raises(ValidationError) as error:
        services.task_register(task=task, version=task.version, user=user)
    assert set(error.value.message_dict) == {"rationale", "plan"}


def test_the_deadline_cannot_be_before_the_start(hung):
    cadre, user = hung
    with pytest.raises(ValidationError) as error:
        draft(cadre, user, start_date=date(2026, 6, 1), deadline=date(2026, 5, 31))
    assert error.value.message_dict["deadline"] == ["The deadline cannot be before the start."]
    task = draft(cadre, user)
    with pytest.raises(ValidationError):
        services.task_update(
            task=task,
            data=task_data(start_date=date(2027, 1, 1)),
            targets=None,
            version=task.version,
            user=user,
        )


def test_an_unknown_field_is_refused(hung):
    cadre, user = hung
    with pytest.raises(ValidationError) as error:
        draft(cadre, user, field="vu-tru")
    assert "field" in error.value.message_dict


def test_only_a_draft_or_a_returned_task_is_registered(hung, leader):
    cadre, user = hung
    task = assigned(cadre, user, leader)
    with pytest.raises(ValidationError):
        services.task_register(task=task, version=task.version, user=user)
    assert Task.objects.get(pk=task.pk).status == Task.Status.ASSIGNED


# --- concurrent edits ----------------------------------------------------------------------


def test_an_edit_based_on_an_older_version_is_refused(hung, staff):
    cadre, user = hung
    task = registered(cadre, user)
    loaded_by_the_cadre = Task.objects.get(pk=task.pk)
    services.task_update(
        task=task,
        data=task_data(title="Tiêu đề của chuyên viên"),
        targets=None,
        version=task.version,
        user=staff,
    )
    with pytest.raises(services.StaleTask):
        services.task_update(
            task=loaded_by_the_cadre,
            data=task_data(title="Tiêu đề của lãnh đạo"),
            targets=None,
            version=loaded_by_the_cadre.version,
            user=staff,
        )
    assert Task.objects.get(pk=task.pk).title == "Tiêu đề của chuyên viên"


def test_a_save_racing_another_is_refused_by_the_stored_version(hung):
    """The stored version decides, not the loaded one: the task below was loaded at version 0,
    then another save moved the stored version on."""
    cadre, user = hung
    task = draft(cadre, user)
    Task.objects.filter(pk=task.pk).update(version=5)
    with pytest.raises(services.StaleTask):
        services.task_update(
            task=task, data=task_data(title="Mới"), targets=None, version=0, user=user
        )
    with pytest.raises(services.StaleTask):
        services.task_register(task=task, version=0, user=user)
    assert Task.objects.get(pk=task.pk).title == "Xóa bỏ lò gạch thủ công"


def test_every_step_moves_the_version_on(hung, staff, leader):
    cadre, user = hung
    task = draft(cadre, user)
    seen = [Task.objects.get(pk=task.pk).version]
    task = services.task_register(task=task, version=task.version, user=user)
    seen.append(Task.objects.get(pk=task.pk).version)
    task = services.task_return(task=task, message="Sửa", comments=[], user=staff)
    seen.append(Task.objects.get(pk=task.pk).version)
    assert seen == sorted(set(seen))
    with pytest.raises(services.StaleTask):
        services.task_register(task=task, version=seen[1], user=user)


# --- review ----------------------------------------------------------------------------------


def test_a_return_needs_a_message(hung, staff):
    cadre, user = hung
    task = registered(cadre, user)
    with pytest.raises(ValidationError) as error:
        services.task_return(task=task, message="  ", comments=[("plan", "Cụ thể hơn")], user=staff)
    assert "message" in error.value.message_dict
    assert Task.objects.get(pk=task.pk).status == Task.Status.REGISTERED
    assert not TaskComment.objects.exists()


def test_comments_are_on_a_known_field(hung, staff):
    cadre, user = hung
    task = registered(cadre, user)
    with pytest.raises(ValidationError):
        services.task_return(task=task, message="Sửa", comments=[("password", "x")], user=staff)
    with pytest.raises(ValidationError):
        services.task_comment(task=task, field="status", text="x", user=staff)
    assert Task.objects.get(pk=task.pk).status == Task.Status.REGISTERED
    comment = services.task_comment(task=task, field="objectives", text="Rõ hơn", user=staff)
    assert (comment.field, comment.version_number) == ("objectives", 1)


def test_comments_are_only_on_a_task_under_review(hung, staff):
    cadre, user = hung
    task = draft(cadre, user)
    with pytest.raises(ValidationError):
        services.task_comment(task=task, field="plan", text="Rõ hơn", user=staff)


def test_only_a_registered_task_is_returned(hung, staff, leader):
    cadre, user = hung
    task = assigned(cadre, user, leader)
    with pytest.raises(ValidationError):
        services.task_return(task=task, message="Sửa", comments=[], user=staff)


def test_only_a_registered_or_changed_task_is_approved(hung, leader, staff):
    cadre, user = hung
    task = draft(cadre, user)
    with pytest.raises(ValidationError):
        services.task_approve(task=task, user=leader)
    task = services.task_register(task=task, version=task.version, user=user)
    task = services.task_return(task=task, message="Sửa", comments=[], user=staff)
    with pytest.raises(ValidationError):
        services.task_approve(task=task, user=leader)
    stored = Task.objects.get(pk=task.pk)
    assert (stored.status, stored.approved_at) == (Task.Status.RETURNED, None)


def test_staff_adjust_a_registered_task_and_an_ended_task_is_not_edited(hung, staff):
    cadre, user = hung
    task = registered(cadre, user)
    task = services.task_update(
        task=task,
        data=task_data(objectives="Mục tiêu đã chỉnh"),
        targets=None,
        version=task.version,
        user=staff,
    )
    version = task.versions.last()
    assert (version.kind, version.by, version.snapshot["objectives"]) == (
        "adjusted",
        staff,
        "Mục tiêu đã chỉnh",
    )
    task = services.task_drop(task=task, reason="Không phù hợp", user=staff)
    with pytest.raises(ValidationError, match="ended"):
        services.task_update(
            task=task, data=task_data(), targets=None, version=task.version, user=staff
        )


# --- after approval --------------------------------------------------------------------------


def test_an_approved_tasks_text_cannot_change_without_a_reason(hung, leader):
    cadre, user = hung
    task = assigned(cadre, user, leader)
    versions = TaskVersion.objects.count()
    with pytest.raises(ValidationError) as error:
        services.task_update(
            task=task,
            data=task_data(plan="Kế hoạch khác"),
            targets=None,
            version=task.version,
            user=leader,
        )
    assert error.value.message_dict["reason"] == [
        "An approved task's text cannot change without a reason."
    ]
    with pytest.raises(ValidationError):
        services.task_update(
            task=task,
            data=task_data(),
            targets=targets(("Lò gạch thủ công được xóa bỏ", "lò", "90")),
            version=task.version,
            user=leader,
        )
    stored = Task.objects.get(pk=task.pk)
    assert (stored.status, stored.plan) == (
        Task.Status.ASSIGNED,
        "Vận động, hỗ trợ chuyển đổi nghề",
    )
    assert [t.value for t in stored.targets.all()] == [98]
    assert TaskVersion.objects.count() == versions


def test_saving_an_approved_task_unchanged_needs_no_reason_and_changes_nothing(hung, leader):
    cadre, user = hung
    task = assigned(cadre, user, leader)
    services.task_update(
        task=task,
        data=task_data(),
        targets=targets(("Lò gạch thủ công được xóa bỏ", "lò", "98.00")),
        version=task.version,
        user=leader,
    )
    assert Task.objects.get(pk=task.pk).status == Task.Status.ASSIGNED
    assert task.versions.last().kind == "approved"


# --- the year ------------------------------------------------------------------------------


def test_progress_and_assessments_only_on_an_assigned_task(hung, staff):
    cadre, user = hung
    task = registered(cadre, user)
    target = task.targets.get()
    with pytest.raises(ValidationError):
        services.progress_add(task=task, day=date(2026, 6, 1), text="Tiến độ", values={}, user=user)
    with pytest.raises(ValidationError):
        services.remark_add(task=task, text="Nhận xét", user=staff)
    with pytest.raises(ValidationError):
        services.self_assess(task=task, values={target.pk: "98"}, text="Đạt", user=user)
    with pytest.raises(ValidationError):
        services.focal_assess(task=task, values={target.pk: "98"}, text="Đạt", user=staff)
    target.refresh_from_db()
    assert (target.self_value, target.focal_value) == (None, None)


def test_an_assessment_refuses_another_tasks_targets_and_negative_values(hung, staff, leader):
    cadre, user = hung
    task = assigned(cadre, user, leader)
    other = assigned(cadre, user, leader, title="Nhiệm vụ khác")
    own, foreign = task.targets.get(), other.targets.get()
    with pytest.raises(ValidationError, match="does not belong"):
        services.self_assess(task=task, values={foreign.pk: "5"}, text="Đạt", user=user)
    with pytest.raises(ValidationError, match="does not belong"):
        services.focal_assess(task=task, values={"abc": "5"}, text="Đạt", user=staff)
    with pytest.raises(ValidationError, match="0 or more"):
        services.focal_assess(task=task, values={own.pk: "-3"}, text="Đạt", user=staff)
    with pytest.raises(ValidationError, match="does not belong"):
        services.progress_add(
            task=task, day=date(2026, 6, 1), text="Tiến độ", values={foreign.pk: "1"}, user=user
        )
    foreign.refresh_from_db()
    own.refresh_from_db()
    assert (foreign.self_value, own.focal_value) == (None, None)


def test_a_progress_report_is_not_dated_in_the_future(hung, leader):
    cadre, user = hung
    task = assigned(cadre, user, leader)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError):
        services.progress_add(task=task, day=tomorrow, text="Tiến độ", values={}, user=user)


# --- conclusion, drop, carry -----------------------------------------------------------------


def test_a_conclusion_cannot_be_recorded_on_a_task_never_assigned(hung, leader):
    cadre, user = hung
    task = registered(cadre, user)
    with pytest.raises(ValidationError) as error:
        services.task_conclude(task=task, level="good", note="", user=leader)
    assert error.value.messages == [
        "A conclusion cannot be recorded on a task that was never assigned."
    ]
    assert Task.objects.get(pk=task.pk).conclusion == ""


def test_a_conclusion_is_one_of_the_four_levels(hung, leader):
    cadre, user = hung
    task = assigned(cadre, user, leader)
    with pytest.raises(ValidationError):
        services.task_conclude(task=task, level="perfect", note="", user=leader)


def test_a_dropped_task_is_not_concluded_nor_a_concluded_one_dropped(hung, staff, leader):
    cadre, user = hung
    task = assigned(cadre, user, leader)
    services.task_conclude(task=task, level="good", note="", user=leader)
    with pytest.raises(ValidationError, match="concluded task cannot be dropped"):
        services.task_drop(task=task, reason="Không phù hợp", user=staff)
    other = assigned(cadre, user, leader, title="Nhiệm vụ khác")
    services.task_drop(task=other, reason="Không phù hợp", user=staff)
    with pytest.raises(ValidationError, match="dropped task cannot be concluded"):
        services.task_conclude(task=other, level="good", note="", user=leader)


def test_dropping_and_carrying_need_a_reason(hung, staff, leader):
    cadre, user = hung
    task = assigned(cadre, user, leader)
    with pytest.raises(ValidationError):
        services.task_drop(task=task, reason=" ", user=staff)
    with pytest.raises(ValidationError):
        services.task_carry(task=task, reason="", user=staff)
    assert Task.objects.get(pk=task.pk).status == Task.Status.ASSIGNED
    assert Task.objects.count() == 1


def test_a_task_is_carried_once(hung, staff, leader):
    cadre, user = hung
    task = assigned(cadre, user, leader)
    services.task_carry(task=task, reason="Chưa đủ thời gian", user=staff)
    with pytest.raises(ValidationError):
        services.task_carry(task=task, reason="Lần nữa", user=staff)
    task.refresh_from_db()
    with pytest.raises(ValidationError):
        services.task_carry(task=task, reason="Lần nữa", user=staff)
    assert Task.objects.filter(year=2027).count() == 1
