"""Workflows of following at commune level: a commune keeps its hamlets, Party cells and members,
and its Party committee assigns a member to follow each hamlet (the provincial level's rules one
level down: Hamlet.clean and HamletAssignment.clean hold them, migration 0002 the overlaps).

These functions check nothing about roles: the views decide who may call them."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import text

from .models import CommuneMember, Hamlet, HamletAssignment, PartyCell


def _save(instance, unique_errors):
    """Save `instance`; an IntegrityError from a unique constraint another request won in the
    meantime becomes the friendly message `unique_errors` gives."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise ValidationError(unique_errors) from exc
    return instance


# --- Party cells --------------------------------------------------------------------------------


def _check_cell(cell):
    cell.name = text.clean(cell.name)
    cell.search_name = text.fold(cell.name)
    same = PartyCell.objects.filter(commune=cell.commune_id, search_name=cell.search_name)
    if cell.name and same.exclude(pk=cell.pk).exists():
        raise ValidationError({"name": _("This commune already has a Party cell of this name.")})
    cell.full_clean()


@transaction.atomic
def cell_create(*, commune, name, user=None):
    """A Party cell (chi bộ) of `commune`."""
    cell = PartyCell(commune=commune, name=name)
    _check_cell(cell)
    return _save(cell, {"name": _("This commune already has a Party cell of this name.")})


@transaction.atomic
def cell_update(*, cell, name, user=None):
    cell.name = name
    _check_cell(cell)
    return _save(cell, {"name": _("This commune already has a Party cell of this name.")})


# --- Hamlets ------------------------------------------------------------------------------------

HAMLET_FIELDS = ("code", "name", "kind", "households", "self_managed_groups", "cell")
HAMLET_FIELDS += ("valid_from", "valid_to")


def _check_hamlet(hamlet):
    """The hamlet's rules, each with its own message: the Party cell of the same commune
    (Hamlet.clean), the dates in order, and among the hamlets in force one code and one name
    per commune (the import's keys)."""
    hamlet.name = text.clean(hamlet.name)
    hamlet.search_name = text.fold(hamlet.name)
    hamlet.code = text.clean(hamlet.code or "")
    errors = {}
    if hamlet.valid_from and hamlet.valid_to and hamlet.valid_to < hamlet.valid_from:
        errors["valid_to"] = _("The end of validity is before its start.")
    if hamlet.valid_to is None:
        others = Hamlet.objects.filter(commune=hamlet.commune_id, valid_to__isnull=True).exclude(
            pk=hamlet.pk
        )
        if hamlet.code and others.filter(code=hamlet.code).exists():
            errors["code"] = _("Another hamlet of this commune has this code.")
        if hamlet.name and others.filter(search_name=hamlet.search_name).exists():
            errors["name"] = _("This commune already has a hamlet of this name.")
    if errors:
        raise ValidationError(errors)
    hamlet.full_clean()


def _hamlet_saved(hamlet):
    return _save(
        hamlet,
        _("Another hamlet of this commune was saved with this name or code a moment ago."),
    )


@transaction.atomic
def hamlet_create(*, commune, user=None, **fields):
    """A hamlet of `commune` (thôn, bản, ấp, tổ dân phố, khu phố); its Party cell, if named,
    must be one of the same commune (Hamlet.clean)."""
    hamlet = Hamlet(commune=commune, **{k: v for k, v in fields.items() if k in HAMLET_FIELDS})
    _check_hamlet(hamlet)
    return _hamlet_saved(hamlet)


@transaction.atomic
def hamlet_update(*, hamlet, user=None, **fields):
    for name, value in fields.items():
        if name in HAMLET_FIELDS:
            setattr(hamlet, name, value)
    _check_hamlet(hamlet)
    return _hamlet_saved(hamlet)


# --- Commune members ----------------------------------------------------------------------------

MEMBER_FIELDS = ("full_name", "date_of_birth", "position", "title", "left_on")


def _check_member(member):
    member.full_name = text.clean(member.full_name)
    member.search_name = text.fold(member.full_name)
    member.title = text.clean(member.title or "")
    errors = {}
    if member.date_of_birth and member.left_on and member.left_on < member.date_of_birth:
        errors["left_on"] = _("The date of leaving is before the date of birth.")
    if member.full_name and member.date_of_birth:
        same = CommuneMember.objects.filter(
            commune=member.commune_id,
            search_name=member.search_name,
            date_of_birth=member.date_of_birth,
        ).exclude(pk=member.pk)
        if same.exists():
            errors["full_name"] = _(
                "This commune already has a member with this name and date of birth."
            )
    if errors:
        raise ValidationError(errors)
    member.full_clean()


@transaction.atomic
def member_create(*, commune, user=None, **fields):
    """A member of the commune committee or one of its cadres: a person, not an account."""
    member = CommuneMember(
        commune=commune, **{k: v for k, v in fields.items() if k in MEMBER_FIELDS}
    )
    _check_member(member)
    member.save()
    return member


@transaction.atomic
def member_update(*, member, user=None, **fields):
    """Change a member's record, including the day they left the committee (`left_on`). Their
    assignments are not ended here: the coverage page lists members who left but still follow a
    hamlet, until the committee's decision ends or replaces them."""
    for name, value in fields.items():
        if name in MEMBER_FIELDS:
            setattr(member, name, value)
    _check_member(member)
    member.save()
    return member


# --- Assignments --------------------------------------------------------------------------------


def _overlap_message(assignment):
    """What the database's no-overlap rules refused, in words: who already follows the hamlet,
    else which hamlet the member already follows."""
    meanwhile = HamletAssignment.objects.overlapping(
        assignment.start_date, assignment.end_date
    ).select_related("member", "hamlet")
    holder = meanwhile.filter(hamlet=assignment.hamlet_id).first()
    if holder:
        return {"hamlet": holder.held_message()}
    other = meanwhile.filter(member=assignment.member_id, exception_reason="").first()
    if other:
        return {
            "exception_reason": _(
                "%(member)s already follows «%(hamlet)s». One member follows one "
                "hamlet: end that assignment first, or give the reason for an exception."
            )
            % {"member": other.member.full_name, "hamlet": other.hamlet.name}
        }
    return _(
        "This hamlet or member was assigned by someone else a moment ago. "
        "Reload the page to see the current assignment."
    )


@transaction.atomic
def assignment_create(
    *,
    member,
    hamlet,
    decision_number,
    decision_date,
    start_date,
    exception_reason="",
    user=None,
):
    """`member` follows `hamlet` from `start_date`, by the commune committee's decision.

    Refused with the reason by HamletAssignment.clean: a member or a hamlet of another commune, a
    start before the decision, a hamlet not in force, a member who had left, a hamlet already
    followed (naming who follows it), a second hamlet without the reason for the exception. The
    database holds the two overlap rules too: two requests at once cannot both succeed, and the
    one that loses is told who won."""
    # Requests for the same hamlet (or member) queue here, so the second one sees the first
    # one's assignment and gets clean()'s plain message.
    Hamlet.objects.select_for_update().filter(pk=hamlet.pk).exists()
    CommuneMember.objects.select_for_update().filter(pk=member.pk).exists()
    assignment = HamletAssignment(
        member=member,
        hamlet=hamlet,
        decision_number=text.clean(decision_number or ""),
        decision_date=decision_date,
        start_date=start_date,
        exception_reason=exception_reason or "",
        created_by=user,
    )
    assignment.full_clean()
    assignment._history_user = user
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as exc:
        raise ValidationError(_overlap_message(assignment)) from exc
    return assignment


@transaction.atomic
def assignment_end(*, assignment, end_date, reason, user=None):
    """End an assignment on `end_date` (the last day followed), with its reason."""
    before = (assignment.end_date, assignment.end_reason)
    assignment.end_date = end_date
    assignment.end_reason = reason
    try:
        assignment.full_clean()  # HamletAssignment.clean: not before its start
    except ValidationError:
        assignment.end_date, assignment.end_reason = before
        raise
    assignment._history_user = user
    assignment.save()
    return assignment
