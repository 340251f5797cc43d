"""The cadre's year: plans, visits, reports and proposals, entered by the cadre or by staff on
the cadre's behalf (marked as such); the commune confirms or disputes each visit."""

import zipfile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import Assignment

from .models import Plan, Proposal, Report, Visit

MAX_FILE_BYTES = 10 * 1024 * 1024


def check_document(uploaded):
    """A plan or report file: a real PDF or DOCX, at most 10 MB."""
    if uploaded is None:
        return
    if uploaded.size > MAX_FILE_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    head = uploaded.read(5)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                if "word/document.xml" in archive.namelist():
                    uploaded.seek(0)
                    return
        except zipfile.BadZipFile:
            pass
        finally:
            uploaded.seek(0)
    raise ValidationError(_("Only PDF or Word (.docx) files are accepted."))


def _submit(model, *, cadre, year, text, file, user, on_behalf, **keys):
    if not (text or "").strip() and not file:
        raise ValidationError(_("Write the content or attach a file."))
    check_document(file)
    row, _created = model.objects.get_or_create(
        cadre=cadre,
        year=year,
        **keys,
        defaults={"submitted_at": timezone.now(), "entered_by": user, "on_behalf": on_behalf},
    )
    row.text = (text or "").strip()
    if file:
        row.file = file
    row.entered_by, row.on_behalf = user, on_behalf
    row.save()
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


@transaction.atomic
def visit_log(*, cadre, commune, day, kind, content, problems="", user=None, on_behalf=False):
    """A visit or meeting, at a commune the cadre followed on that day; the commune confirms."""
    if day > timezone.localdate():
        raise ValidationError(_("A visit cannot be in the future."))
    if commune not in communes_followed(cadre, day):
        raise ValidationError(
            _("%(cadre)s did not follow «%(commune)s» on %(date)s.")
            % {"cadre": cadre.full_name, "commune": commune.name, "date": day.strftime("%d/%m/%Y")}
        )
    visit = Visit(
        cadre=cadre,
        commune=commune,
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
