"""A breakthrough task's workflows (Quy định 30-QĐ/TU): the cadre drafts and registers; staff
and leaders comment, adjust, return; a leader approves (assigns); during the year the cadre
reports progress and the focal point remarks; at year end the cadre's and the focal point's
assessments per target and a leader's conclusion; a task can be dropped or carried into the next
year. Who may call what is checked by the views (permissions); the state rules live here.

Every step of the flow writes a TaskVersion (the text and targets as they stood, who, why),
except the saves of a draft never sent: nothing has been registered yet. Every change to the
task's row moves `Task.version` on, so that an edit based on an older version is refused
(StaleTask), as on the evaluation forms.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.uploads import check_document, display_name
from evaluations.models import Level

from .models import Field, ProgressReport, Target, Task, TaskComment, TaskVersion


class StaleTask(Exception):
    """Someone changed the task since this editor loaded it: the second save is refused so that
    neither loses text silently (the view keeps what was typed)."""


# The fields `data` carries (task_create, task_update); "focal_point" is a User or None.
DATA_FIELDS = (
    "title",
    "field",
    "rationale",
    "objectives",
    "plan",
    "start_date",
    "deadline",
    "focal_point",
    "decision_number",
    "decision_date",
    "assigning_body",
)
TEXTS = ("title", "rationale", "objectives", "plan", "decision_number", "assigning_body")
# What a registered task must hold (a draft may lack any of them but its dates).
REQUIRED_TO_REGISTER = ("title", "field", "rationale", "objectives", "plan")
# The fields a review comment may be on: the text fields, the targets, or "" (the whole task).
COMMENT_FIELDS = ("", *Task.TEXT_FIELDS, "targets")
ENDED = (Task.Status.DROPPED, Task.Status.CARRIED)


# --- checks ---------------------------------------------------------------------------------


def _number(value, *, message):
    """A non-negative Decimal from a form's value (a number or a string, "," as the decimal
    mark accepted); None for an empty one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(message) from None
    if not number.is_finite() or number < 0:
        raise ValidationError(message)
    return number


def _clean_targets(targets):
    """The targets as dicts {measure, unit, value (Decimal), direction}, or ValidationError
    {"targets": [...]} naming each faulty target by its position (1, 2, …)."""
    cleaned, errors = [], []
    directions = Target.Direction.values
    for number, target in enumerate(targets or (), start=1):
        measure = (target.get("measure") or "").strip()
        unit = (target.get("unit") or "").strip()
        direction = target.get("direction") or Target.Direction.AT_LEAST
        try:
            value = _number(
                target.get("value"),
                message=_("Target %(number)d: the value must be a number, 0 or more.")
                % {"number": number},
            )
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        if not measure or not unit or value is None:
            errors.append(
                _(
                    "A target with no measure or value cannot be submitted: target %(number)d "
                    "needs its measure, unit and value."
                )
                % {"number": number}
            )
            continue
        if direction not in directions:
            errors.append(
                _("Target %(number)d: choose whether it is reached at least or at most its value.")
                % {"number": number}
            )
            continue
        cleaned.append({"measure": measure, "unit": unit, "value": value, "direction": direction})
    if errors:
        raise ValidationError({"targets": errors})
    return cleaned


def _stored_target_errors(targets):
    """What keeps stored targets from being registered or approved ([] when nothing)."""
    if not targets:
        return [_("Register at least one target (measure, unit and value).")]
    errors = []
    for number, target in enumerate(targets, start=1):
        if not target.measure.strip() or not target.unit.strip() or target.value is None:
            errors.append(
                _(
                    "A target with no measure or value cannot be submitted: target %(number)d "
                    "needs its measure, unit and value."
                )
                % {"number": number}
            )
    return errors


def _apply(task, data):
    for name in DATA_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in TEXTS:
            value = (value or "").strip()
        elif name == "field":
            value = value or ""
        setattr(task, name, value)
    if not task.assigning_body:
        task.assigning_body = Task._meta.get_field("assigning_body").default


def _check_text(task, *, complete):
    """The task's own fields: dates given and in order, a known field; when `complete` (to
    register or approve), every required text as well. ValidationError {field: message}."""
    errors = {}
    if complete:
        for name in REQUIRED_TO_REGISTER:
            if not getattr(task, name):
                errors[name] = _("Required to register the task.")
    if task.field and task.field not in Field.values:
        errors["field"] = _("Choose a field from the list.")
    for name in ("start_date", "deadline"):
        if getattr(task, name) is None:
            errors[name] = _("Give the date.")
    if task.start_date and task.deadline and task.deadline < task.start_date:
        errors["deadline"] = _("The deadline cannot be before the start.")
    if errors:
        raise ValidationError(errors)
    # The fields' own rules (lengths); relations are given by the caller, not typed.
    blank = [name for name in REQUIRED_TO_REGISTER if not getattr(task, name)]
    task.full_clean(
        exclude=[
            "cadre",
            "focal_point",
            "carried_from",
            "approved_by",
            "concluded_by",
            "created_by",
            *blank,
        ],
        validate_unique=False,
        validate_constraints=False,
    )


def _check_assigned(task):
    if task.status not in Task.ASSIGNED_STATES:
        raise ValidationError(_("This can be done only on an assigned task."))


def _values_for(task, values, targets):
    """{Target: Decimal or None} from {target id: value}; ids of another task's targets are
    refused."""
    by_id = {target.pk: target for target in targets}
    result = {}
    for key, value in (values or {}).items():
        try:
            target = by_id[int(key)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(_("This target does not belong to the task.")) from None
        result[target] = _number(
            value,
            message=_("%(measure)s: the value must be a number, 0 or more.")
            % {"measure": target.measure},
        )
    return result


# --- versions -------------------------------------------------------------------------------


def _locked(task):
    """The task's row as stored, locked until the transaction ends (so that two steps on one
    task run one after the other)."""
    return Task.objects.select_for_update().get(pk=task.pk)


def _version(task, kind, user, reason="", targets=None):
    number = (task.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    return TaskVersion.objects.create(
        task=task,
        number=number,
        kind=kind,
        snapshot=task.snapshot(targets),
        reason=reason,
        by=user,
    )


def _save_state(task, *fields):
    """Write `fields` and move the task's version on (the task is locked or its version was
    checked by the caller's UPDATE)."""
    task.updated_at = timezone.now()
    Task.objects.filter(pk=task.pk).update(
        version=F("version") + 1,
        updated_at=task.updated_at,
        **{f: getattr(task, f) for f in fields},
    )
    task.version += 1


def _replace_targets(task, cleaned):
    task.targets.all().delete()
    return Target.objects.bulk_create(
        Target(task=task, position=position, **target)
        for position, target in enumerate(cleaned, start=1)
    )


# --- the flow -------------------------------------------------------------------------------


@transaction.atomic
def task_create(*, cadre, year, data, targets, user):
    """A new task of `cadre` for `year`, in draft. A draft may leave its texts empty (they are
    required to register) but needs its dates; each target given needs a measure, a unit and a
    value."""
    task = Task(cadre=cadre, year=year, created_by=user, status=Task.Status.DRAFT)
    _apply(task, data)
    _check_text(task, complete=False)
    cleaned = _clean_targets(targets)
    task.save()
    _replace_targets(task, cleaned)
    return task


SAVED_FIELDS = (*(f"{n}_id" if n == "focal_point" else n for n in DATA_FIELDS), "status")


@transaction.atomic
def task_update(*, task, data, targets, version, user, reason=""):
    """Save an edit of the task's text and targets; returns the task as saved.

    - draft: the cadre's work in progress (no version recorded);
    - returned: the cadre's amendment (version "amended");
    - registered: staff adjust it before approval (version "adjusted");
    - assigned or changed: a change needs `reason` ("An approved task's text cannot change
      without a reason.") and leaves the task "changed" until a leader approves it again
      (version "changed"); an edit that changes nothing changes nothing.
    - dropped or carried: refused.
    `targets=None` keeps the targets. Raises StaleTask when the stored version is not
    `version` (someone saved meanwhile), ValidationError for bad input.
    """
    if task.version != version:
        raise StaleTask
    if task.status in ENDED:
        raise ValidationError(_("This task has ended and can no longer be changed."))
    before = task.snapshot()
    saved = Task.objects.get(pk=task.pk)
    if saved.version != version:
        raise StaleTask
    _apply(saved, data)
    complete = saved.status != Task.Status.DRAFT
    _check_text(saved, complete=complete)
    cleaned = _clean_targets(targets) if targets is not None else None
    if cleaned is not None and complete and not cleaned:
        raise ValidationError(
            {"targets": [_("Register at least one target (measure, unit and value).")]}
        )
    after_targets = (
        [Target(**target) for target in cleaned]
        if cleaned is not None
        else list(saved.targets.all())
    )
    after = saved.snapshot(after_targets)
    if after == before:
        return task
    reason = (reason or "").strip()
    kind = None
    if saved.status in Task.ASSIGNED_STATES:
        if not reason:
            raise ValidationError(
                {"reason": _("An approved task's text cannot change without a reason.")}
            )
        saved.status = Task.Status.CHANGED
        kind = TaskVersion.Kind.CHANGED
    elif saved.status == Task.Status.REGISTERED:
        kind = TaskVersion.Kind.ADJUSTED
    elif saved.status == Task.Status.RETURNED:
        kind = TaskVersion.Kind.AMENDED
    saved.updated_at = timezone.now()
    values = {name: getattr(saved, name) for name in SAVED_FIELDS}
    if not Task.objects.filter(pk=task.pk, version=version).update(
        version=version + 1, updated_at=saved.updated_at, **values
    ):
        raise StaleTask
    saved.version = version + 1
    if cleaned is not None:
        _replace_targets(saved, cleaned)
    if kind:
        _version(saved, kind, user, reason)
    return saved


@transaction.atomic
def task_register(*, task, version, user):
    """The cadre sends the task (draft or returned → registered). Refused without a target, with
    a target lacking its measure, unit or value (the message names it), or with a required text
    missing."""
    if task.version != version:
        raise StaleTask
    saved = _locked(task)
    if saved.version != version:
        raise StaleTask
    if saved.status == Task.Status.REGISTERED:
        return saved  # a second click
    if saved.status not in Task.EDITABLE_BY_CADRE:
        raise ValidationError(_("Only a draft or a returned task can be registered."))
    _check_text(saved, complete=True)
    targets = list(saved.targets.all())
    errors = _stored_target_errors(targets)
    if errors:
        raise ValidationError({"targets": errors})
    saved.status = Task.Status.REGISTERED
    _save_state(saved, "status")
    _version(saved, TaskVersion.Kind.REGISTERED, user, targets=targets)
    return saved


def _comment(task, field, text, user, *, kind=TaskComment.Kind.REVIEW, version_number=None):
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    field = field or ""
    if field not in COMMENT_FIELDS:
        raise ValidationError({"field": _("Choose what the comment is on.")})
    if version_number is None:
        version_number = task.versions.aggregate(last=Max("number"))["last"]
    return TaskComment.objects.create(
        task=task, kind=kind, field=field, text=text, by=user, version_number=version_number
    )


@transaction.atomic
def task_comment(*, task, field, text, user):
    """A review comment of staff or a leader on one field of a task awaiting review (registered,
    or changed after approval); `field` is one of Task.TEXT_FIELDS, "targets" or "" (the task
    as a whole)."""
    saved = _locked(task)
    if saved.status not in (Task.Status.REGISTERED, Task.Status.CHANGED):
        raise ValidationError(_("Comments can be made only on a task awaiting review."))
    return _comment(saved, field, text, user)


@transaction.atomic
def task_return(*, task, message, comments, user):
    """Return a registered task to the cadre for changes (→ returned), with `message` (required:
    recorded as the version's reason and as a comment on the task as a whole) and comments per
    field: a list of (field, text), blank texts skipped."""
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Write what the cadre should change.")})
    saved = _locked(task)
    if saved.status == Task.Status.RETURNED:
        return saved  # a second click
    if saved.status != Task.Status.REGISTERED:
        raise ValidationError(_("Only a registered task can be returned."))
    comments = [(field or "", text) for field, text in comments or () if (text or "").strip()]
    for field, _text in comments:
        if field not in COMMENT_FIELDS:
            raise ValidationError({"field": _("Choose what the comment is on.")})
    saved.status = Task.Status.RETURNED
    _save_state(saved, "status")
    version = _version(saved, TaskVersion.Kind.RETURNED, user, message)
    _comment(saved, "", message, user, version_number=version.number)
    for field, text in comments:
        _comment(saved, field, text, user, version_number=version.number)
    return saved


@transaction.atomic
def task_approve(*, task, user, decision_number="", decision_date=None):
    """A leader approves (assigns, "giao") a registered task or a change of an assigned one
    (→ assigned); the assigning decision's number and date are recorded when given."""
    saved = _locked(task)
    if saved.status == Task.Status.ASSIGNED:
        return saved  # a second click
    if saved.status not in (Task.Status.REGISTERED, Task.Status.CHANGED):
        raise ValidationError(_("Only a registered or changed task can be approved."))
    _check_text(saved, complete=True)
    targets = list(saved.targets.all())
    errors = _stored_target_errors(targets)
    if errors:
        raise ValidationError({"targets": errors})
    if (decision_number or "").strip():
        saved.decision_number = decision_number.strip()
    if decision_date:
        saved.decision_date = decision_date
    saved.status = Task.Status.ASSIGNED
    saved.approved_at = timezone.now()
    saved.approved_by = user
    _save_state(saved, "status", "approved_at", "approved_by", "decision_number", "decision_date")
    _version(saved, TaskVersion.Kind.APPROVED, user, targets=targets)
    return saved


# --- during the year and at its end ---------------------------------------------------------


@transaction.atomic
def progress_add(*, task, day, text, values, file=None, user):
    """The cadre's progress report on an assigned task: text, the value reached so far per
    target ({target id: value}, 0 or more), and a file (PDF, DOCX, PNG, JPEG)."""
    _check_assigned(task)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the progress.")})
    if day is None:
        raise ValidationError({"day": _("Give the date.")})
    if day > timezone.localdate():
        raise ValidationError({"day": _("A progress report cannot be dated in the future.")})
    found = _values_for(task, values, task.targets.all())
    if file:
        check_document(file)
    report = ProgressReport(
        task=task,
        day=day,
        text=text,
        values={str(target.pk): str(value) for target, value in found.items() if value is not None},
        by=user,
    )
    if file:
        report.file_name = display_name(file.name)
        report.file = file
    report.save()
    return report


@transaction.atomic
def remark_add(*, task, text, user):
    """The focal point's remark on an assigned task."""
    _check_assigned(task)
    return _comment(task, "", text, user, kind=TaskComment.Kind.REMARK)


def _assess(task, values, text, *, value_field, text_field):
    """Assessments do not move the task's version on: they do not touch its text, so an edit of
    the text under way stays valid."""
    task = _locked(task)
    _check_assigned(task)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the assessment.")})
    targets = list(task.targets.all())
    found = _values_for(task, values, targets)
    for target, value in found.items():
        setattr(target, value_field, value)
    Target.objects.bulk_update(list(found), [value_field])
    setattr(task, text_field, text)
    Task.objects.filter(pk=task.pk).update(**{text_field: text}, updated_at=timezone.now())
    return task


@transaction.atomic
def self_assess(*, task, values, text, user):
    """The cadre's year-end self-assessment: the value reached per target ({target id: value},
    0 or more; a target left out keeps its value) and the text."""
    return _assess(task, values, text, value_field="self_value", text_field="self_assessment")


@transaction.atomic
def focal_assess(*, task, values, text, user):
    """The focal point's (or staff's) year-end assessment, as self_assess; the figures count a
    target by the focal point's value when given, else by the cadre's own."""
    return _assess(task, values, text, value_field="focal_value", text_field="focal_assessment")


@transaction.atomic
def task_conclude(*, task, level, note, user):
    """The Standing Board's conclusion on a task that was assigned, on the four completion
    levels, recorded by a leader (version "concluded"). A leader may conclude again: the latest
    conclusion stands, every one is kept in the versions."""
    saved = _locked(task)
    if saved.status == Task.Status.DROPPED:
        raise ValidationError(_("A dropped task cannot be concluded."))
    if not saved.was_assigned or saved.status not in (*Task.ASSIGNED_STATES, Task.Status.CARRIED):
        raise ValidationError(
            _("A conclusion cannot be recorded on a task that was never assigned.")
        )
    if level not in Level.values:
        raise ValidationError({"level": _("Choose the completion level.")})
    saved.conclusion = level
    saved.conclusion_note = (note or "").strip()
    saved.concluded_at = timezone.now()
    saved.concluded_by = user
    _save_state(saved, "conclusion", "conclusion_note", "concluded_at", "concluded_by")
    _version(saved, TaskVersion.Kind.CONCLUDED, user, saved.conclusion_note)
    return saved


def _end(task, reason, user, status, kind):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    saved = _locked(task)
    if saved.status in ENDED:
        raise ValidationError(
            _("This task has already been dropped or carried into the next year.")
        )
    if status == Task.Status.DROPPED and saved.conclusion:
        raise ValidationError(_("A concluded task cannot be dropped."))
    saved.status = status
    saved.end_reason = reason[: Task._meta.get_field("end_reason").max_length]
    _save_state(saved, "status", "end_reason")
    _version(saved, kind, user, reason)
    return saved


@transaction.atomic
def task_drop(*, task, reason, user):
    """Stop the task (dừng thực hiện), with its reason. A concluded task is not dropped."""
    return _end(task, reason, user, Task.Status.DROPPED, TaskVersion.Kind.DROPPED)


def _next_year(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def task_carry(*, task, reason, user):
    """Carry the task into the next year, with its reason: the task ends here ("carried") and
    its copy (text and targets, no assessment) is a draft of year + 1 for the cadre to review
    and register. Returns the new task. A task is carried once."""
    if Task.objects.filter(carried_from_id=task.pk).exists():
        raise ValidationError(_("This task has already been carried into the next year."))
    saved = _end(task, reason, user, Task.Status.CARRIED, TaskVersion.Kind.CARRIED)
    copy = Task(
        cadre_id=saved.cadre_id,
        year=saved.year + 1,
        carried_from=saved,
        created_by=user,
        status=Task.Status.DRAFT,
        **{
            name: getattr(saved, name)
            for name in (
                "title",
                "field",
                "rationale",
                "objectives",
                "plan",
                "focal_point_id",
                "assigning_body",
            )
        },
        start_date=_next_year(saved.start_date),
        deadline=_next_year(saved.deadline),
    )
    copy.save()
    Target.objects.bulk_create(
        Target(
            task=copy,
            position=target.position,
            measure=target.measure,
            unit=target.unit,
            value=target.value,
            direction=target.direction,
        )
        for target in saved.targets.all()
    )
    return copy


# --- differences ----------------------------------------------------------------------------


def _label(name):
    model_field = Task._meta.get_field(name.removesuffix("_id"))
    return str(model_field.verbose_name)


def _shown(name, value, users):
    if value in (None, ""):
        return ""
    if name == "field":
        return str(dict(Field.choices).get(value, value))
    if name in ("start_date", "deadline", "decision_date"):
        return "/".join(reversed(str(value).split("-")))
    if name == "focal_point_id":
        return users.get(value, "")
    return str(value)


def describe_target(target):
    """A target in words: "Lò gạch thủ công được xóa bỏ: at least 98 lò" (from a snapshot)."""
    direction = dict(Target.Direction.choices).get(target.get("direction"), "")
    value = target.get("value")
    if value not in (None, ""):
        value = formats.number_format(Decimal(value), use_l10n=True)
    return _("%(measure)s: %(direction)s %(value)s %(unit)s") % {
        "measure": target.get("measure") or "",
        "direction": direction,
        "value": value if value is not None else "",
        "unit": target.get("unit") or "",
    }


def version_diff(before_snapshot, after_snapshot):
    """What changed from one snapshot (Task.snapshot, TaskVersion.snapshot) to another: a list
    of (label, before, after), the fields' labels as the forms show them, values as a reader
    reads them (dates dd/mm/yyyy, the field's name, the focal point's name), each changed target
    described in words ("Target 2"). `before_snapshot` None: everything is new."""
    before = before_snapshot or {}
    after = after_snapshot or {}
    users = {}
    user_ids = {
        snapshot.get("focal_point_id")
        for snapshot in (before, after)
        if snapshot.get("focal_point_id")
    }
    if before.get("focal_point_id") != after.get("focal_point_id") and user_ids:
        users = {
            user.pk: user.full_name or user.username
            for user in User.objects.filter(pk__in=user_ids)
        }
    changes = []
    for name in Task.TEXT_FIELDS:
        old, new = before.get(name), after.get(name)
        if (old or None) != (new or None):
            changes.append((_label(name), _shown(name, old, users), _shown(name, new, users)))
    old_targets = before.get("targets") or []
    new_targets = after.get("targets") or []
    for index in range(max(len(old_targets), len(new_targets))):
        old = old_targets[index] if index < len(old_targets) else None
        new = new_targets[index] if index < len(new_targets) else None
        if old != new:
            changes.append(
                (
                    _("Target %(number)d") % {"number": index + 1},
                    describe_target(old) if old else "",
                    describe_target(new) if new else "",
                )
            )
    return changes
