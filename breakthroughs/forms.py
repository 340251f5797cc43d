"""Forms of the breakthrough task pages: the task and its targets (one form for the cadre's
drafting and the staff's adjusting), the review steps, progress and the year-end assessments.

A form validates and converts; the rules (who may do what in which status) are the services'."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from assignments.models import Agency
from core.forms import ALL, CHOOSE, form_helper, label_empty_choices
from core.uploads import ACCEPT, check_document
from core.widgets import DATE_WIDGET, FileWidget
from evaluations.models import Level

from .models import BreakthroughYear, Field, Target, Task

# Empty rows offered under the targets; "More rows" adds this many again (no JavaScript needed).
EXTRA_TARGET_ROWS = 2
MORE_ROWS = 3
MAX_TARGET_ROWS = 50

# What a review comment may be on: the task's text fields, the targets, or the task as a whole.
COMMENT_FIELDS = ("title", "field", "rationale", "objectives", "plan", "start_date", "deadline")
TARGETS = "targets"


def comment_choices():
    labels = [("", _("The task as a whole"))]
    labels += [(name, Task._meta.get_field(name).verbose_name) for name in COMMENT_FIELDS]
    labels.append((TARGETS, _("Targets")))
    return labels


def field_label(name):
    """A comment's subject as the page shows it."""
    return dict(comment_choices()).get(name, name)


def _text(label, rows=3, max_length=10000, required=True):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def focal_point_choices():
    """The accounts that can follow a task: active staff and leaders (DECISIONS)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[Role.STAFF, Role.LEADER])
        .distinct()
        .order_by("full_name", "username")
    )


class FocalPointField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.username


class TaskForm(forms.Form):
    """The task's text. The cadre writes title to plan and dates; staff adjusting also set the
    focal point, the assigning body and the decision (`staff=True`); a change to an assigned
    task carries its reason (`needs_reason=True`)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Task"), max_length=500)
    field = forms.ChoiceField(label=_("Field"), choices=Field.choices)
    rationale = _text(_("Why it is a breakthrough"))
    objectives = _text(_("Objectives"))
    plan = _text(_("Plan and solutions"), rows=4)
    start_date = forms.DateField(label=_("Start"), widget=DATE_WIDGET)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE_WIDGET)

    STAFF_FIELDS = ("focal_point", "assigning_body", "decision_number", "decision_date")

    def __init__(self, *args, staff=False, needs_reason=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = staff
        if staff:
            self.fields["focal_point"] = FocalPointField(
                label=_("Focal point"),
                queryset=focal_point_choices(),
                required=False,
                help_text=_("The staff member or leader who follows, urges and checks the task."),
            )
            self.fields["assigning_body"] = forms.CharField(
                label=_("Assigning body"), max_length=200, required=False
            )
            self.fields["decision_number"] = forms.CharField(
                label=_("Assigning decision number"), max_length=50, required=False
            )
            self.fields["decision_date"] = forms.DateField(
                label=_("Assigning decision date"), required=False, widget=DATE_WIDGET
            )
        if needs_reason:
            self.fields["reason"] = _text(
                _("Reason for the change"),
                rows=2,
                max_length=2000,
            )
            self.fields["reason"].help_text = _(
                "The task was assigned: a change needs its reason and a new approval."
            )
        label_empty_choices(self.fields)
        self.fields["field"].choices = [("", CHOOSE), *Field.choices]

    @classmethod
    def initial_for(cls, task):
        initial = {
            name: getattr(task, name) for name in Task.TEXT_FIELDS if name != "focal_point_id"
        }
        initial["focal_point"] = task.focal_point_id
        initial["version"] = task.version
        return initial

    def clean(self):
        data = super().clean()
        start, deadline = data.get("start_date"), data.get("deadline")
        if start and deadline and deadline < start:
            self.add_error("deadline", _("The deadline cannot be before the start."))
        return data

    def data_for_service(self, task=None):
        """The Task fields the services take; the cadre's form keeps the staff's fields as
        they stand."""
        data = {
            name: self.cleaned_data[name]
            for name in ("title", "field", "rationale", "objectives", "plan", "start_date")
        }
        data["deadline"] = self.cleaned_data["deadline"]
        if self.staff:
            for name in self.STAFF_FIELDS:
                data[name] = self.cleaned_data.get(name)
            data["assigning_body"] = data["assigning_body"] or (task.assigning_body if task else "")
            data["decision_number"] = data["decision_number"] or ""
        elif task is not None:
            data["focal_point"] = task.focal_point
            for name in ("assigning_body", "decision_number", "decision_date"):
                data[name] = getattr(task, name)
        return data


class TargetForm(forms.Form):
    """One target: a measure, a unit, a value and whether it is reached at least or at most the
    value. A row left wholly empty is no target; a row begun must be finished (issue 18: a
    target with no measure or value cannot be submitted)."""

    measure = forms.CharField(label=_("Measure"), max_length=300, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    value = forms.DecimalField(
        label=_("Target value"), max_digits=14, decimal_places=2, required=False, min_value=0
    )
    direction = forms.ChoiceField(
        label=_("Reached when"),
        choices=Target.Direction.choices,
        initial=Target.Direction.AT_LEAST,
        required=False,
    )

    @property
    def is_blank(self):
        data = getattr(self, "cleaned_data", {})
        return not data.get("measure") and not data.get("unit") and data.get("value") is None

    def clean(self):
        data = super().clean()
        if self.is_blank and not self.errors:
            return data
        if not data.get("measure"):
            self.add_error("measure", _("Write what is measured."))
        if not data.get("unit"):
            self.add_error("unit", _("Write the unit (e.g. kilns, %, households)."))
        if data.get("value") is None and "value" not in self.errors:
            self.add_error("value", _("Write the target value."))
        data["direction"] = data.get("direction") or Target.Direction.AT_LEAST
        return data


class BaseTargetFormSet(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        # Every row may stay empty: an emptied row is a target removed.
        kwargs["empty_permitted"] = False
        kwargs["use_required_attribute"] = False
        return super()._construct_form(i, **kwargs)

    def targets(self):
        """The rows filled in, as the services take them."""
        return [
            {name: form.cleaned_data[name] for name in ("measure", "unit", "value", "direction")}
            for form in self.forms
            if not form.is_blank
        ]


TargetFormSet = forms.formset_factory(
    TargetForm,
    formset=BaseTargetFormSet,
    extra=EXTRA_TARGET_ROWS,
    max_num=MAX_TARGET_ROWS,
    absolute_max=MAX_TARGET_ROWS,
    validate_max=True,
)


def target_formset(data=None, task=None, more=False):
    """The targets' rows: the task's own first, then empty ones; `more` adds MORE_ROWS empty
    rows to what was posted, keeping what was typed."""
    if data is not None and more:
        data = data.copy()
        total = int(data.get("targets-TOTAL_FORMS") or 0)
        data["targets-TOTAL_FORMS"] = str(min(total + MORE_ROWS, MAX_TARGET_ROWS))
    initial = None
    if task is not None and data is None:
        initial = [
            {"measure": t.measure, "unit": t.unit, "value": t.value, "direction": t.direction}
            for t in task.targets.all()
        ]
    return TargetFormSet(data, initial=initial, prefix="targets")


class _PerTargetForm(forms.Form):
    """A value per target (`value_<id>`), for progress and the year-end assessments."""

    VALUE_LABEL = _("Value reached")

    def __init__(self, *args, targets=(), required=False, initial_attr=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        for target in self.targets:
            name = f"value_{target.pk}"
            self.fields[name] = forms.DecimalField(
                label=f"{target.measure} ({target.unit})",
                help_text=_("Target: %(direction)s %(value)s %(unit)s")
                % {
                    "direction": target.get_direction_display(),
                    "value": f"{target.value.normalize():f}",
                    "unit": target.unit,
                },
                max_digits=14,
                decimal_places=2,
                min_value=0,
                required=required,
            )
            if initial_attr and getattr(target, initial_attr) is not None:
                self.fields[name].initial = getattr(target, initial_attr)

    def value_fields(self):
        return [self[f"value_{t.pk}"] for t in self.targets]

    def values(self):
        """{target id: value} for the values given."""
        return {
            t.pk: self.cleaned_data[f"value_{t.pk}"]
            for t in self.targets
            if self.cleaned_data.get(f"value_{t.pk}") is not None
        }


class ProgressForm(_PerTargetForm):
    day = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    text = _text(_("Progress"), rows=4)
    file = forms.FileField(
        label=_("Attached file (PDF, Word, PNG or JPEG image, at most 10 MB)"),
        required=False,
        widget=FileWidget(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file:
            check_document(file)  # the same checks as the activity's files (core.uploads)
        return file


class AssessmentForm(_PerTargetForm):
    """The year-end assessment per target (value reached) and its text: the cadre's own, or the
    focal point's."""

    text = _text(_("Assessment"), rows=4)


class CommentForm(forms.Form):
    field = forms.ChoiceField(label=_("On"), required=False)
    text = _text(_("Comment"), rows=2, max_length=5000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = comment_choices()
        self.helper = form_helper(_("Add the comment"))


class ReturnForm(forms.Form):
    """Return for changes: a message to the cadre and, optionally, a comment per field."""

    message = _text(_("Message to the cadre"), rows=3, max_length=5000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in comment_choices()[1:]:
            self.fields[f"on_{name}"] = forms.CharField(
                label=_("Comment on: %(field)s") % {"field": label},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.helper = form_helper(_("Return to the cadre"))

    def comments(self):
        return [
            (name, self.cleaned_data[f"on_{name}"])
            for name, _label in comment_choices()[1:]
            if self.cleaned_data.get(f"on_{name}")
        ]


class ApproveForm(forms.Form):
    decision_number = forms.CharField(
        label=_("Assigning decision number"), max_length=50, required=False
    )
    decision_date = forms.DateField(
        label=_("Assigning decision date"), required=False, widget=DATE_WIDGET
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Approve and assign"))


class ConcludeForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Conclusion"), choices=Level.choices, widget=forms.RadioSelect
    )
    note = _text(_("Conclusion note"), rows=3, max_length=5000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Record the conclusion"))


class RemarkForm(forms.Form):
    text = _text(_("Remark"), rows=2, max_length=5000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Add the remark"))


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit_label)


class YearForm(forms.ModelForm):
    class Meta:
        model = BreakthroughYear
        fields = ["registration_deadline", "approval_deadline", "assessment_deadline"]
        widgets = {
            "registration_deadline": DATE_WIDGET,
            "approval_deadline": DATE_WIDGET,
            "assessment_deadline": DATE_WIDGET,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Save the deadlines"))

    def clean(self):
        data = super().clean()
        days = [data.get(n) for n in self.Meta.fields]
        if all(days) and not days[0] <= days[1] <= days[2]:
            raise ValidationError(
                _("The deadlines run in order: registration, approval, year-end assessment.")
            )
        return data


class ListFilterForm(forms.Form):
    """The province's list: status, field, agency, focal point, and a search by cadre or title.
    An unknown choice is a form error: the list is then shown unfiltered by it."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    field = forms.ChoiceField(label=_("Field"), required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, required=False)
    focal = FocalPointField(label=_("Focal point"), queryset=None, required=False)
    q = forms.CharField(label=_("Cadre or task"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", ""), *Task.Status.choices]
        self.fields["field"].choices = [("", ""), *Field.choices]
        self.fields["agency"].queryset = Agency.objects.order_by("name")
        self.fields["focal"].queryset = focal_point_choices()
        label_empty_choices(self.fields, default=ALL)
        for bound in self.fields.values():
            css = "form-select form-select-sm" if isinstance(bound, forms.ChoiceField) else ""
            bound.widget.attrs["class"] = css or "form-control form-control-sm"
