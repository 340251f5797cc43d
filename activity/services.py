"""The cadre's year: plans, visits, reports and proposals, entered by the cadre or by staff on
the cadre's behalf (marked as such); the commune confirms or disputes each visit."""

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from assignments.models import Assignment
from core.formats import ddmmyyyy
from core.uploads import check_document, display_name

from .figures import still_owing
from .models import ActivityYear, DeadlineReminder, GroupVisit, Plan, Proposal, Report, Visit


def _submit(model, *, cadre, year, text, file, user, on_behalf, **keys):
    # Plans and reports are due by the deadlines of the year's ActivityYear: a year staff have
    # not opened has none, and a plan filed for it would count towards nothing.
    if not ActivityYear.objects.filter(year=year).exists():
        raise ValidationError(
            _(
                "Year %(year)s is not open for monitoring: the Organization Department has not "
                "set its deadlines, so plans and reports cannot be sent for it yet."
            )
            % {"year": year}
        )
    if not (text or "").strip() and not file:
        raise ValidationError(_("Write the content or attach a file."))
    if file:
        check_document(file)
    row, _created = model.objects.get_or_create(
        cadre=cadre,
        year=year,
        **keys,
        defaults={"submitted_at": timezone.now(), "entered_by": user, "on_behalf": on_behalf},
    )
    row.text = (text or "").strip()
    superseded = None
    if file:
        superseded = row.file.name if row.file else None
        row.file_name = display_name(file.name)
        row.file = file
    row.entered_by, row.on_behalf = user, on_behalf
    row.save()
    if superseded:
        # The earlier file is replaced, not kept beside it: delete it once the new one is saved.
        storage = row.file.storage
        transaction.on_commit(lambda: storage.delete(superseded))
    return row


@transaction.atomic
def plan_submit(*, cadre, year, text="", file=None, user=None, on_behalf=False):
    """The year's monitoring plan; resubmitting replaces it but keeps the first date, which is
    what counts for "on time"."""
    return _submit(
        Plan, cadre=cadre, year=year, text=text, file=file, user=user, on_behalf=on_behalf
    )


@transaction.atomic
def report_submit(*, cadre, year, period, text="", file=None, user=None, on_behalf=False):
    return _submit(
        Report,
        cadre=cadre,
        year=year,
        text=text,
        file=file,
        user=user,
        on_behalf=on_behalf,
        period=period,
    )


def communes_followed(cadre, day):
    return [
        a.commune
        for a in Assignment.objects.filter(cadre=cadre)
        .overlapping(day, day)
        .select_related("commune")
    ]


def _check_cell(*, commune, kind, cell):
    """A Party cell meeting names a cell of the commune; any other kind names none."""
    if kind != Visit.Kind.CELL:
        return None
    if cell is None:
        raise ValidationError(_("Name the Party cell whose meeting was attended."))
    if cell.commune_id != commune.pk:
        raise ValidationError(
            _("The Party cell «%(cell)s» is not a cell of «%(commune)s».")
            % {"cell": cell.name, "commune": commune.name}
        )
    return cell


@transaction.atomic
def visit_log(
    *, cadre, commune, day, kind, content, problems="", cell=None, user=None, on_behalf=False
):
    """A visit or meeting, at a commune the cadre followed on that day; the commune confirms.
    A Party cell meeting names one of the commune's cells."""
    if day > timezone.localdate():
        raise ValidationError(_("A visit cannot be in the future."))
    if commune not in communes_followed(cadre, day):
        raise ValidationError(
            _("%(cadre)s did not follow «%(commune)s» on %(date)s.")
            % {"cadre": cadre.full_name, "commune": commune.name, "date": ddmmyyyy(day)}
        )
    cell = _check_cell(commune=commune, kind=kind, cell=cell)
    visit = Visit(
        cadre=cadre,
        commune=commune,
        cell=cell,
        day=day,
        kind=kind,
        content=content.strip(),
        problems=problems.strip(),
        entered_by=user,
        on_behalf=on_behalf,
    )
    visit.full_clean()
    visit.save()
    return visit


# --- commune members' Party cell meetings ------------------------------------------------------


@transaction.atomic
def member_meeting_save(*, commune, member, cell, day, content, user=None, visit=None):
    """A commune member's Party cell meeting, logged by the commune account: confirmed as it is
    logged (the commune is its own witness). `visit` given: that meeting, corrected."""
    if member.commune_id != commune.pk:
        raise ValidationError(_("This member belongs to another commune."))
    if cell.commune_id != commune.pk:
        raise ValidationError(
            _("The Party cell «%(cell)s» is not a cell of «%(commune)s».")
            % {"cell": cell.name, "commune": commune.name}
        )
    if day > timezone.localdate():
        raise ValidationError(_("A meeting cannot be in the future."))
    if member.left_on is not None and member.left_on < day:
        raise ValidationError(
            _("%(name)s left the committee on %(date)s, before this meeting.")
            % {"name": member.full_name, "date": ddmmyyyy(member.left_on)}
        )
    if visit is None:
        visit = Visit(commune=commune, kind=Visit.Kind.CELL, entered_by=user)
    elif visit.member_id is None or visit.commune_id != commune.pk:
        raise ValidationError(
            _("Only a member's cell meeting of this commune can be changed here.")
        )
    visit.member, visit.cadre, visit.cell = member, None, cell
    visit.day, visit.content = day, content.strip()
    visit.status = Visit.Status.CONFIRMED
    visit.reviewed_at = timezone.now()
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def member_meeting_delete(*, visit):
    if visit.member_id is None:
        raise ValidationError(
            _("Only a member's cell meeting of this commune can be changed here.")
        )
    visit.delete()


# --- working groups ---------------------------------------------------------------------------


@transaction.atomic
def group_save(*, form):
    """A working group from its (valid) form, with its members and communes."""
    return form.save()


@transaction.atomic
def group_visit_log(*, group, commune, day, content, user=None):
    """A working group's visit to one of the communes it follows, within its period."""
    if day > timezone.localdate():
        raise ValidationError(_("A visit cannot be in the future."))
    if not group.communes.filter(pk=commune.pk).exists():
        raise ValidationError(
            _("The working group does not follow «%(commune)s».") % {"commune": commune.name}
        )
    if not group.is_active_on(day):
        raise ValidationError(
            _("On %(date)s the working group was not in its period of work.")
            % {"date": ddmmyyyy(day)}
        )
    visit = GroupVisit(
        group=group, commune=commune, day=day, content=content.strip(), entered_by=user
    )
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def visit_review(*, visit, confirm, note=""):
    """The commune's Party committee confirms a visit, or disputes it with a note."""
    if not confirm and not note.strip():
        raise ValidationError(_("Say why the visit is disputed."))
    visit.status = Visit.Status.CONFIRMED if confirm else Visit.Status.DISPUTED
    visit.commune_note = note.strip()
    visit.reviewed_at = timezone.now()
    visit.save(update_fields=["status", "commune_note", "reviewed_at"])
    return visit


@transaction.atomic
def proposal_create(*, cadre, subject, content, commune=None):
    proposal = Proposal(
        cadre=cadre, subject=subject.strip(), content=content.strip(), commune=commune
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_answer(*, proposal, status, answer):
    proposal.status = status
    proposal.answer = answer.strip()
    proposal.full_clean()
    proposal.save()
    return proposal


# --- deadline reminders ----------------------------------------------------------------------


def deadline_reminder_message(*, cadre, year, what, deadline):
    """(subject, body) of the e-mail reminding `cadre` of a deadline, in Vietnamese whatever
    language the worker runs in."""
    with override("vi"):
        labels = {
            "plan": _("monitoring plan"),
            Report.Period.HALF_YEAR: _("6-month report"),
            Report.Period.ANNUAL: _("annual report"),
        }
        values = {
            "name": cadre.full_name,
            "what": labels[what],
            "year": year,
            "date": ddmmyyyy(deadline),
        }
        subject = _("Reminder: %(what)s due on %(date)s") % values
        body = (
            _(
                "Comrade %(name)s,\n\nYour %(what)s for %(year)s is due on "
                "%(date)s. Please submit it in the application.\n"
            )
            % values
        )
    return subject, body


def deadline_reminder_send(*, cadre, year, what, deadline, days_before):
    """Record one cadre's reminder and e-mail it; False if this stage was already sent. Record
    and e-mail go together: if the mail server fails the record is rolled back, and the task's
    retry sends it again."""
    try:
        with transaction.atomic():
            reminder = DeadlineReminder(cadre=cadre, year=year, what=what, days_before=days_before)
            # The cadre was just read; one reminder per stage is the database's constraint,
            # which also settles two runs at once.
            reminder.full_clean(exclude=["cadre"], validate_constraints=False)
            reminder.save()
            if cadre.email:
                subject, body = deadline_reminder_message(
                    cadre=cadre, year=year, what=what, deadline=deadline
                )
                send_mail(subject, body, None, [cadre.email], fail_silently=False)
    except IntegrityError:
        return False
    return True


def deadline_reminders_send(*, today=None):
    """Remind the cadres who still owe their plan or a report due in 7 or 2 days
    (DeadlineReminder.DAYS_BEFORE), once per stage; returns how many were reminded.

    Not one transaction: each reminder is committed with its e-mail, so a failure half way
    keeps those already sent, and a retry sends only the rest."""
    today = today or timezone.localdate()
    settings = ActivityYear.objects.filter(year=today.year).first()
    if settings is None:
        return 0
    sent = 0
    for what, deadline in settings.deadlines().items():
        days_before = (deadline - today).days
        if days_before not in DeadlineReminder.DAYS_BEFORE:
            continue
        for cadre in still_owing(settings.year, what):
            if deadline_reminder_send(
                cadre=cadre,
                year=settings.year,
                what=what,
                deadline=deadline,
                days_before=days_before,
            ):
                sent += 1
    return sent
