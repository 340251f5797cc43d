"""The annex of a Standing Board decision: which cadre follows which commune from when.

A row's commune is found by `Mã xã` among the communes in force on the row's `Từ ngày`, else by
its name within the province (and district). A row names a new assignment: where the commune,
or the cadre, is still followed / following under an earlier open-ended assignment, that one
ends the day before (the new decision replaces it) — unless the row gives `Lý do ngoại lệ`,
which records the cadre's second commune as a temporary exception.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import exports, text
from core.formats import ddmmyyyy
from core.imports import Column, ImportSpec, cell_text, parse_date

from .. import services
from ..models import Agency, Assignment, Cadre, Commune, day_has_districts
from .registry import parse_code, province_key, row_errors

# The annex's columns, its export's as its import's: an exported annex imports back unchanged.
# "Huyện" only on the map before 1/7/2025, the only one with districts.
ANNEX_COLUMNS = [
    exports.Column.integer("STT", 6),
    exports.Column.code("Mã xã"),
    exports.Column.text("Tên xã", 30),
    exports.Column.text("Huyện", 26),
    exports.Column.text("Tỉnh", 18),
    exports.Column.text("Họ và tên cán bộ", 26),
    exports.Column.text("Chức vụ", 24),
    exports.Column.text("Cơ quan", 40),
    exports.Column.text("Số quyết định", 16),
    exports.Column.date("Ngày quyết định", 14),
    exports.Column.date("Từ ngày"),
    exports.Column.text("Lý do ngoại lệ", 30),
]
# Where a refusal of the model or of a service is shown: the column of the field it names.
FIELD_COLUMNS = {
    "commune": "Mã xã",
    "cadre": "Họ và tên cán bộ",
    "decision_number": "Số quyết định",
    "decision_date": "Ngày quyết định",
    "start_date": "Từ ngày",
    "exception_reason": "Lý do ngoại lệ",
}


def annex_columns(day):
    """The annex's columns on `day`: without "Huyện" from 1/7/2025."""
    if day_has_districts(day):
        return ANNEX_COLUMNS
    return [c for c in ANNEX_COLUMNS if c.header != "Huyện"]


def annex_rows(day):
    """The assignments in force on `day`, in the annex's columns (`annex_columns(day)`)."""
    districts = day_has_districts(day)
    assignments = (
        Assignment.objects.active_on(day)
        .select_related("commune__district", "commune__province", "cadre__agency")
        .order_by("commune__district__search_name", "commune__search_name", "start_date")
    )
    for number, a in enumerate(assignments.iterator(chunk_size=1000), start=1):
        yield (
            number,
            a.commune.code,
            a.commune.name,
            *([a.commune.district.name if a.commune.district_id else ""] if districts else []),
            a.commune.province.name,
            a.cadre.full_name,
            a.cadre.position,
            a.cadre.unit_name,
            a.decision_number,
            a.decision_date,
            a.start_date,
            a.exception_reason,
        )


class AssignmentImport(ImportSpec):
    kind = "assignments"
    title = gettext_lazy("Assignments (annex of a decision)")
    columns = (
        Column(
            "code",
            ("Mã xã",),
            blank=True,
            parse=parse_code,
            help=gettext_lazy("official code; empty: the commune is found by its name"),
        ),
        Column("commune_name", ("Tên xã", "Xã, phường"), required=False, blank=True),
        Column("district", ("Huyện",), required=False, blank=True),
        Column("province", ("Tỉnh",), required=False, blank=True),
        Column(
            "cadre_name",
            ("Họ và tên cán bộ", "Họ và tên", "Cán bộ theo dõi"),
            help=gettext_lazy("as in the cadre list"),
        ),
        Column("position", ("Chức vụ",), required=False, blank=True),
        Column(
            "agency", ("Cơ quan", "Cơ quan, đơn vị"), help=gettext_lazy("as in the agency list")
        ),
        Column(
            "date_of_birth",
            ("Ngày sinh",),
            required=False,
            blank=True,
            parse=parse_date,
            help=gettext_lazy("optional: tells apart two cadres of one name in one agency"),
        ),
        Column(
            "decision_number",
            ("Số quyết định",),
            max_length=50,
            help=gettext_lazy("e.g. 125-QĐ/TU"),
        ),
        Column("decision_date", ("Ngày quyết định",), parse=parse_date, help="dd/mm/yyyy"),
        Column(
            "start_date",
            ("Từ ngày",),
            parse=parse_date,
            help=gettext_lazy("first day the cadre follows the commune"),
        ),
        Column(
            "exception_reason",
            ("Lý do ngoại lệ",),
            required=False,
            blank=True,
            max_length=500,
            help=gettext_lazy("only for a cadre's second commune at the same time"),
        ),
    )

    def prepare(self):
        self.agencies = {a.key: a for a in Agency.objects.all()}

    # -- finding things ---------------------------------------------------------------------
    def _commune(self, values, row, result):
        day = values["start_date"]
        in_force = Commune.objects.valid_on(day).select_related("district")
        if values.get("code"):
            found = list(in_force.filter(code=values["code"]))
            if found:
                return found[0]
            result.add_error(
                row,
                "Mã xã",
                _("no commune has this code on %(date)s") % {"date": ddmmyyyy(day)},
                values["code"],
            )
            return None
        name = values.get("commune_name")
        if not name:
            result.add_error(row, "Mã xã", _("is empty, and there is no «Tên xã» to go by"))
            return None
        candidates = list(in_force.filter(search_name=text.fold(name)).select_related("province"))
        exact = [c for c in candidates if text.name_key(c.name) == text.name_key(name)]
        candidates = exact or candidates  # "Hòa"/"Hoà" match exactly; unaccented text loosely
        if values.get("province"):
            candidates = [
                c
                for c in candidates
                if province_key(c.province.name) == province_key(values["province"])
            ]
        if values.get("district"):
            candidates = [
                c
                for c in candidates
                if c.district and text.fold(c.district.name) == text.fold(values["district"])
            ]
        if len(candidates) == 1:
            return candidates[0]
        message = (
            _("no commune of this name on %(date)s")
            if not candidates
            else _("several communes have this name: give «Mã xã», «Tỉnh» or «Huyện»")
        )
        result.add_error(row, "Tên xã", message % {"date": ddmmyyyy(day)}, name)
        return None

    def _cadre(self, values, row, result):
        agency = self.agencies.get(text.name_key(values["agency"]))
        if agency is None:
            result.add_error(row, "Cơ quan", _("is not in the agency list"), values["agency"])
            return None
        cadres = Cadre.objects.filter(agency=agency, name_key=text.name_key(values["cadre_name"]))
        if values.get("date_of_birth"):
            cadres = cadres.filter(date_of_birth=values["date_of_birth"])
        cadres = list(cadres)
        if len(cadres) == 1:
            return cadres[0]
        if not cadres:
            message = _("no cadre of this name in «%(agency)s»")
        else:
            message = _("%(count)d cadres of this name in «%(agency)s»: add a «Ngày sinh» column")
        result.add_error(
            row,
            "Họ và tên cán bộ",
            message % {"agency": agency.name, "count": len(cadres)},
            values["cadre_name"],
        )
        return None

    # -- a row --------------------------------------------------------------------------------
    def process(self, row, values, result):
        """The commune and the cadre are looked for when their cells could be read (so a row
        reports every error); the assignment is written only for a row with none."""
        commune = cadre = None
        if values.usable("start_date", "code", "commune_name", "province", "district"):
            commune = self._commune(values, row, result)
        if values.usable("agency", "cadre_name", "date_of_birth"):
            cadre = self._cadre(values, row, result)
        if commune is None or cadre is None or values.bad:
            return
        start = values["start_date"]
        decision = {
            "decision_number": values["decision_number"],
            "decision_date": values["decision_date"],
        }
        reason = values.get("exception_reason") or ""
        label = f"{commune.name} – {cadre.full_name}"
        same = Assignment.objects.filter(cadre=cadre, commune=commune, start_date=start).first()
        if same:
            self._update(same, decision, reason, row, label, result)
            return
        # The row's decision supersedes what it contradicts: whoever follows the commune, and
        # the cadre's own commune unless the row records a second one as an exception
        # (Kết luận 1016-KL/TU: one leader, one commune).
        superseded = Q(commune=commune)
        if not reason:
            superseded |= Q(cadre=cadre, exception_reason="")
        replaced = list(
            Assignment.objects.filter(
                superseded, end_date__isnull=True, start_date__lt=start
            ).select_related("cadre", "commune")
        )
        try:
            services.assignment_replace(
                replaced=replaced,
                cadre=cadre,
                commune=commune,
                start_date=start,
                exception_reason=reason,
                user=self.user,
                **decision,
            )
        except ValidationError as exc:
            row_errors(result, row, exc, FIELD_COLUMNS, "Từ ngày", cell_text(start))
            return
        ended = [
            _("ends %(cadre)s at «%(commune)s» on %(date)s")
            % {
                "cadre": previous.cadre.full_name,
                "commune": previous.commune.name,
                "date": ddmmyyyy(previous.end_date),
            }
            for previous in replaced
        ]
        result.add_change(row, "new", label, "; ".join(ended))

    def _update(self, assignment, decision, reason, row, label, result):
        """The row names an assignment already recorded: its decision and its reason for an
        exception may change, checked by the model as any change is."""
        before = {key: getattr(assignment, key) for key in (*decision, "exception_reason")}
        for key, value in {**decision, "exception_reason": reason}.items():
            setattr(assignment, key, value)
        try:
            assignment.full_clean()
        except ValidationError as exc:
            row_errors(result, row, exc, FIELD_COLUMNS, "Từ ngày")
            return
        changed = [key for key, value in before.items() if getattr(assignment, key) != value]
        if not changed:
            result.unchanged += 1
            return
        assignment._history_user = self.user
        assignment.save()
        result.add_change(row, "changed", label, ", ".join(changed))
