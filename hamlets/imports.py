"""Loading a commune's hamlets and members from a workbook (issue 17): staff for the whole
province, a commune account for its own commune, from the same templates. The engine (reading,
row errors, all or nothing, vocabularies and the values staff mapped) is core/imports.py; the
upload's life (kept, checked, confirmed) is the registry's (assignments/imports/uploads.py).

Two kinds of workbook, one sheet each (the engine reads a workbook's first sheet):
- "hamlets": a hamlet is found by its commune and code when the row gives a code, else by its
  folded name within the commune; its Party cell is found by folded name within the commune,
  and created when new.
- "commune_members": a member is found by commune, folded name and date of birth when the row
  gives one.
Importing a file again updates what changed and never duplicates.

A commune account imports for its own commune only: its rows need no «Mã xã», and a row naming
another commune is an error. It cannot map unknown values (those are kept for the whole
installation, by staff): an unknown word is an error of its row, naming the words accepted.
"""

import copy
import dataclasses
import math

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Role
from assignments.imports import uploads
from assignments.imports.registry import parse_code
from assignments.models import Commune
from core import text
from core.formats import ddmmyyyy
from core.imports import (
    CellError,
    Column,
    ImportFileError,
    ImportSpec,
    Vocabulary,
    cell_text,
    measure_workbook,
    parse_date,
    run_import,
    template_bytes,
)
from core.models import ImportUpload, ImportValueMapping

from .models import CommuneMember, Hamlet, PartyCell

Status = ImportUpload.Status

# How workbooks write each kind of hamlet: the first word is the one templates and the preview
# offer; the others are read as the same kind (any case, diacritics or punctuation).
HAMLET_KIND_ALIASES = {
    Hamlet.Kind.THON: ("thôn", "xóm"),
    Hamlet.Kind.BAN: ("bản",),
    Hamlet.Kind.AP: ("ấp",),
    Hamlet.Kind.TO_DAN_PHO: ("tổ dân phố", "TDP", "tổ"),
    Hamlet.Kind.KHU_PHO: ("khu phố", "KP", "khối phố", "khối"),
    Hamlet.Kind.LANG: ("làng",),
    Hamlet.Kind.BUON: ("buôn", "bon"),
    Hamlet.Kind.PLEI: ("plei", "plơi", "play"),
    Hamlet.Kind.KHOM: ("khóm",),
    Hamlet.Kind.OTHER: ("khác", "tiểu khu", "phum", "sóc"),
}
POSITION_ALIASES = {
    CommuneMember.Position.SECRETARY: ("Bí thư", "Bí thư Đảng ủy", "BT"),
    CommuneMember.Position.DEPUTY_SECRETARY: (
        "Phó Bí thư",
        "Phó Bí thư Đảng ủy",
        "Phó Bí thư Thường trực",
        "PBT",
    ),
    CommuneMember.Position.STANDING: (
        "Ủy viên Ban Thường vụ",
        "Thường vụ",
        "Ban Thường vụ",
        "Ủy viên Thường vụ",
        "UVBTV",
        "UVTV",
    ),
    CommuneMember.Position.COMMITTEE: (
        "Đảng ủy viên",
        "Ủy viên Ban Chấp hành",
        "Cấp ủy viên",
        "Ủy viên",
        "UVBCH",
        "ĐUV",
    ),
    CommuneMember.Position.OFFICER: ("Cán bộ xã", "Cán bộ", "Công chức", "Cán bộ, công chức"),
}
HAMLET_KIND = Vocabulary(
    HAMLET_KIND_ALIASES,
    gettext_lazy("must be thôn, bản, ấp, tổ dân phố, khu phố, làng, buôn, plei, khóm or khác"),
)
POSITION = Vocabulary(
    POSITION_ALIASES,
    gettext_lazy("must be Bí thư, Phó Bí thư, Ủy viên Ban Thường vụ, Đảng ủy viên or Cán bộ xã"),
)
MAX_COUNT = 1_000_000


def parse_count(value):
    """A number of households or groups: a whole number, 0 or more ("1.250" is 1250)."""
    if isinstance(value, bool):
        raise CellError(_("not a whole number"))
    if isinstance(value, int | float):
        if not math.isfinite(value) or value != int(value):
            raise CellError(_("not a whole number"))
        number = int(value)
    else:
        raw = cell_text(value).replace(".", "").replace(" ", "")
        try:
            number = int(raw)
        except ValueError as exc:
            raise CellError(_("not a whole number")) from exc
    if not 0 <= number <= MAX_COUNT:
        raise CellError(
            _("must be a whole number from 0 to %(most)s")
            % {"most": number_format(MAX_COUNT, force_grouping=True)}
        )
    return number


def import_scope(user):
    """None: the import may name every commune in force (staff; a command without a user);
    a Commune: a commune account's own. Anyone else may not import."""
    if user is None or user.has_perm("hamlets.add_hamlet"):
        return None
    if getattr(user, "role", None) == Role.COMMUNE and user.commune_id:
        return user.commune
    raise PermissionDenied


COMMUNE_COLUMN = Column(
    "commune_code",
    ("Mã xã", "Mã xã, phường", "Mã đơn vị hành chính"),
    parse=parse_code,
    help=gettext_lazy("official code of the commune, e.g. 04792; a commune's own file may omit it"),
)


def _kind_from_name(name):
    """The kind a hamlet's name starts with ("Thôn 1", "Tổ dân phố 3", "Bản Na"), or None."""
    key = text.choice_key(name)
    for word, value in sorted(HAMLET_KIND.known.items(), key=lambda kv: -len(kv[0])):
        if key.startswith(word + " "):
            return value
    return None


def _differences(before, after):
    """The fields that change, and 'old → new' for each of them."""
    changed = [k for k, v in after.items() if before[k] != v]
    shown = ", ".join(
        f"{_shown(before[k])} → {_shown(after[k])}" for k in changed if k != "search_name"
    )
    return changed, shown


def _shown(value):
    if value is None or value == "":
        return "∅"
    return ddmmyyyy(value) if hasattr(value, "year") else str(value)


class CommuneRowsImport(ImportSpec):
    """What both kinds share: each row's commune (found by «Mã xã» among the communes in
    force today, or the commune account's own), and a commune account's rules."""

    def __init__(self, *, user=None, options=None):
        super().__init__(user=user, options=options)
        self.own = import_scope(user)
        # Staff name the commune of every row; a commune account's file may leave it out.
        commune_column = dataclasses.replace(
            COMMUNE_COLUMN, required=self.own is None, blank=self.own is not None
        )
        self.columns = (commune_column, *type(self).columns)
        self.present = {}

    def label(self, key):
        return next(c.label for c in self.columns if c.key == key)

    def template(self):
        """This user's blank workbook: a commune's has no «Mã xã» (its rows are its own)."""
        blank = copy.copy(self)
        if self.own is not None:
            blank.columns = self.columns[1:]
        return template_bytes(blank)

    def read_values(self, row, header_map, row_number, result):
        self.present = header_map  # a column left out keeps what the database holds
        return super().read_values(row, header_map, row_number, result)

    def _meaning(self, column, written, row_number, result):
        """A commune account cannot say what an unknown value means (staff keep that for the
        installation): the value is an error of its row, naming the words accepted."""
        if self.own is None:
            return super()._meaning(column, written, row_number, result)
        key = text.choice_key(written)
        value = column.vocabulary.known.get(key) or self.mappings.get((column.key, key))
        if value is not None:
            return value, None
        return None, (str(column.vocabulary.message), written)

    def prepare(self):
        if self.own is not None:
            self.communes = {self.own.code: self.own}
        else:
            in_force = Commune.objects.valid_on(timezone.localdate())
            self.communes = {c.code: c for c in in_force.only("id", "code", "name")}
        self.seen = {}

    def scoped(self, queryset):
        return queryset.filter(commune=self.own) if self.own is not None else queryset

    def commune_of(self, row, values, result):
        """The row's commune, or None (the reason reported under «Mã xã»)."""
        if not values.usable("commune_code"):
            return None
        code, label = values.get("commune_code"), self.label("commune_code")
        if self.own is not None:
            if code and code != self.own.code:
                result.add_error(
                    row,
                    label,
                    _(
                        "is not the code of %(commune)s: this account imports its own "
                        "commune's rows only"
                    )
                    % {"commune": self.own.name},
                    code,
                )
                return None
            return self.own
        commune = self.communes.get(code)
        if commune is None:
            result.add_error(row, label, _("no commune in force today has this code"), code)
        return commune

    def repeated(self, row, key, label, value, result, message):
        """An earlier row of the file with the same key: an error naming it."""
        if key in self.seen:
            result.add_error(row, label, message % {"row": self.seen[key]}, value)
            return True
        self.seen[key] = row
        return False

    def entry_label(self, commune, name):
        return name if self.own is not None else f"{commune.code} {commune.name} – {name}"


class HamletImport(CommuneRowsImport):
    kind = "hamlets"
    title = gettext_lazy("Hamlets (thôn, tổ dân phố)")
    columns = (
        Column(
            "code",
            ("Mã thôn", "Mã thôn, tổ dân phố"),
            required=False,
            blank=True,
            max_length=20,
            help=gettext_lazy("optional: the commune's own code for the hamlet; it is the key"),
        ),
        Column(
            "name",
            ("Tên thôn", "Tên thôn, tổ dân phố", "Thôn, tổ dân phố", "Tên thôn, bản, ấp"),
            help=gettext_lazy("e.g. Thôn Đồng Tâm, Tổ dân phố 3"),
        ),
        Column(
            "kind",
            ("Loại", "Loại thôn"),
            required=False,
            blank=True,
            vocabulary=HAMLET_KIND,
            help=gettext_lazy(
                "thôn, bản, ấp, tổ dân phố, khu phố, làng, buôn, plei, khóm or khác; "
                "empty: read from the name"
            ),
        ),
        Column(
            "households",
            ("Số hộ", "Số hộ gia đình"),
            required=False,
            blank=True,
            parse=parse_count,
            help=gettext_lazy("number of households, 0 or more"),
        ),
        Column(
            "self_managed_groups",
            ("Số tổ tự quản", "Tổ tự quản"),
            required=False,
            blank=True,
            parse=parse_count,
            help=gettext_lazy("number of self-managed groups, 0 or more"),
        ),
        Column(
            "cell",
            ("Chi bộ", "Tên chi bộ"),
            required=False,
            blank=True,
            help=gettext_lazy("the Party cell covering the hamlet; created if new"),
        ),
        Column(
            "valid_from",
            ("Hiệu lực từ",),
            required=False,
            blank=True,
            parse=parse_date,
            help=gettext_lazy("optional: the date the hamlet came into force (dd/mm/yyyy)"),
        ),
    )
    written = (
        "name",
        "search_name",
        "code",
        "kind",
        "households",
        "self_managed_groups",
        "cell",
        "valid_from",
    )

    def prepare(self):
        super().prepare()
        today = timezone.localdate()
        hamlets = self.scoped(
            Hamlet.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        )
        self.by_code, self.by_name = {}, {}
        for hamlet in hamlets.order_by("valid_to"):  # an open one before one that ends
            if hamlet.code:
                self.by_code.setdefault((hamlet.commune_id, hamlet.code), hamlet)
            self.by_name.setdefault((hamlet.commune_id, hamlet.search_name), hamlet)
        self.cells = {
            (c.commune_id, c.search_name): c for c in self.scoped(PartyCell.objects.all())
        }
        self.new_cells, self.to_create, self.to_update = [], [], []

    def _match(self, row, commune, code, name, result):
        """(hamlet found or None, True) — or (None, False) when the row contradicts the
        database (reported)."""
        folded = text.fold(name)
        by_name = self.by_name.get((commune.pk, folded))
        by_code = self.by_code.get((commune.pk, code)) if code else None
        if by_code is not None:
            if by_name is not None and by_name.pk != by_code.pk:
                result.add_error(
                    row,
                    self.label("name"),
                    _("is already the name of another hamlet of the commune (code %(code)s)")
                    % {"code": by_name.code or "∅"},
                    name,
                )
                return None, False
            return by_code, True
        if by_name is not None and code and by_name.code:
            result.add_error(
                row,
                self.label("code"),
                _("«%(name)s» has the code %(code)s in the commune already")
                % {"name": by_name.name, "code": by_name.code},
                code,
            )
            return None, False
        return by_name, True

    def _cell(self, commune, name):
        key = (commune.pk, text.fold(name))
        cell = self.cells.get(key)
        if cell is None:
            cell = PartyCell(commune=commune, name=text.clean(name), search_name=key[1])
            self.cells[key] = cell
            self.new_cells.append(cell)
        return cell

    def process(self, row, values, result):
        """Every check the row's readable cells allow; staged only when the row has none."""
        errors_before = result.error_count
        commune = self.commune_of(row, values, result)
        name, code = values.get("name"), values.get("code") or ""
        kind = values.get("kind")
        if kind is None and values.usable("kind", "name") and name:
            kind = _kind_from_name(name)
            if kind is None:
                result.add_error(
                    row,
                    self.label("kind"),
                    _("is empty and the name does not say it (thôn, bản, tổ dân phố…)"),
                    name,
                )
        hamlet, found = None, False
        if commune is not None and name and values.usable("code"):
            repeats = _("repeats the hamlet of row %(row)d")
            if code and self.repeated(
                row, (commune.pk, "code", code), self.label("code"), code, result, repeats
            ):
                return
            if self.repeated(
                row,
                (commune.pk, "name", text.fold(name)),
                self.label("name"),
                name,
                result,
                repeats,
            ):
                return
            hamlet, found = self._match(row, commune, code, name, result)
        if values.bad or result.error_count > errors_before or not found:
            return
        fields = {"name": text.clean(name), "search_name": text.fold(name), "kind": kind}
        if code:
            fields["code"] = text.clean(code)
        for key in ("households", "self_managed_groups", "valid_from"):
            if key in self.present:
                fields[key] = values.get(key)
        if "cell" in self.present:
            cell = values.get("cell")
            fields["cell"] = self._cell(commune, cell) if cell else None
        label = self.entry_label(commune, fields["name"])
        if hamlet is None:
            self.to_create.append(Hamlet(commune=commune, **fields))
            result.add_change(row, "new", label)
            return
        if hamlet.valid_to and fields.get("valid_from") and fields["valid_from"] > hamlet.valid_to:
            result.add_error(
                row,
                self.label("valid_from"),
                _("is after the hamlet's end (%(date)s)") % {"date": ddmmyyyy(hamlet.valid_to)},
                ddmmyyyy(fields["valid_from"]),
            )
            return
        before = {k: getattr(hamlet, k) for k in fields}
        changed, details = _differences(before, fields)
        if not changed:
            result.unchanged += 1
            return
        for key, value in fields.items():
            setattr(hamlet, key, value)
        self.to_update.append(hamlet)
        result.add_change(row, "changed", label, details)

    def flush(self, write=True):
        if write:
            # The new cells first: bulk_create gives them their pks, which the hamlets that
            # point to them take as they are written.
            PartyCell.objects.bulk_create(self.new_cells, batch_size=500)
            Hamlet.objects.bulk_create(self.to_create, batch_size=500)
            Hamlet.objects.bulk_update(self.to_update, self.written, batch_size=500)
        self.new_cells, self.to_create, self.to_update = [], [], []


class MemberImport(CommuneRowsImport):
    kind = "commune_members"
    title = gettext_lazy("Commune members (cấp ủy viên, cán bộ xã)")
    columns = (
        Column(
            "full_name",
            ("Họ và tên", "Họ tên"),
            help=gettext_lazy("e.g. Hà Thị Mai"),
        ),
        Column(
            "date_of_birth",
            ("Ngày sinh",),
            required=False,
            blank=True,
            parse=parse_date,
            help=gettext_lazy("dd/mm/yyyy; tells apart two members of one name"),
        ),
        Column(
            "position",
            ("Chức vụ",),
            vocabulary=POSITION,
            help=gettext_lazy(
                "Bí thư, Phó Bí thư, Ủy viên Ban Thường vụ, Đảng ủy viên or Cán bộ xã"
            ),
        ),
        Column(
            "title",
            ("Chức danh",),
            required=False,
            blank=True,
            help=gettext_lazy("as in the committee's decision, e.g. Chủ tịch UBND xã"),
        ),
        Column(
            "left_on",
            ("Ngày thôi", "Ngày thôi công tác"),
            required=False,
            blank=True,
            parse=parse_date,
            help=gettext_lazy("optional: the day the member left the committee"),
        ),
    )
    written = ("full_name", "search_name", "date_of_birth", "position", "title", "left_on")

    def prepare(self):
        super().prepare()
        self.existing = {}
        for member in self.scoped(CommuneMember.objects.all()):
            self.existing.setdefault((member.commune_id, member.search_name), []).append(member)
        self.to_create, self.to_update = [], []

    def _match(self, row, commune, folded, born, result):
        """(member found or None, True) — or (None, False) when the name alone cannot tell
        which of several members the row means (reported)."""
        namesakes = self.existing.get((commune.pk, folded), [])
        if born:
            same = [m for m in namesakes if m.date_of_birth == born]
            undated = [m for m in namesakes if m.date_of_birth is None]
            if same:
                return same[0], True
            return (undated[0] if len(undated) == 1 else None), True
        if len(namesakes) > 1:
            result.add_error(
                row,
                self.label("full_name"),
                _(
                    "%(count)d members of the commune have this name: add a «Ngày sinh» column "
                    "to tell them apart"
                )
                % {"count": len(namesakes)},
                namesakes[0].full_name,
            )
            return None, False
        return (namesakes[0] if namesakes else None), True

    def process(self, row, values, result):
        errors_before = result.error_count
        commune = self.commune_of(row, values, result)
        name, born, left = (
            values.get("full_name"),
            values.get("date_of_birth"),
            values.get("left_on"),
        )
        today = timezone.localdate()
        if born and not (born.year >= 1900 and born < today):
            result.add_error(
                row,
                self.label("date_of_birth"),
                _("is not a plausible date of birth"),
                ddmmyyyy(born),
            )
        if born and left and left < born:
            result.add_error(
                row, self.label("left_on"), _("is before the date of birth"), ddmmyyyy(left)
            )
        member, found = None, False
        if commune is not None and name and values.usable("date_of_birth"):
            folded = text.fold(name)
            if self.repeated(
                row,
                (commune.pk, folded, born),
                self.label("full_name"),
                name,
                result,
                _("repeats the member of row %(row)d"),
            ):
                return
            member, found = self._match(row, commune, folded, born, result)
        if values.bad or result.error_count > errors_before or not found:
            return
        fields = {
            "full_name": text.clean(name),
            "search_name": text.fold(name),
            "position": values["position"],
        }
        if born:
            fields["date_of_birth"] = born
        for key in ("title", "left_on"):
            if key in self.present:
                fields[key] = values.get(key) or ("" if key == "title" else None)
        label = self.entry_label(commune, fields["full_name"])
        if member is None:
            self.to_create.append(CommuneMember(commune=commune, **fields))
            result.add_change(row, "new", label)
            return
        changed, details = _differences({k: getattr(member, k) for k in fields}, fields)
        if not changed:
            result.unchanged += 1
            return
        for key, value in fields.items():
            setattr(member, key, value)
        self.to_update.append(member)
        result.add_change(row, "changed", label, details)

    def flush(self, write=True):
        if write:
            CommuneMember.objects.bulk_create(self.to_create, batch_size=500)
            CommuneMember.objects.bulk_update(self.to_update, self.written, batch_size=500)
        self.to_create, self.to_update = [], []


HAMLET_IMPORT_SPECS = {spec.kind: spec for spec in (HamletImport, MemberImport)}


# --- the upload's life: the registry's, with these kinds -------------------------------------


def _stop_past(limit):
    """The engine's progress callback, refusing a sheet past `limit` rows: these workbooks are
    checked and written in the request (a commune has tens of hamlets, a province thousands)."""

    def progress(done, declared):
        if done > limit or (declared and declared > limit):
            raise ImportFileError(_too_many(limit))

    return progress


def _too_many(limit):
    return _(
        "The sheet has more than %(limit)s rows; split it (by commune) and import the parts "
        "one after another."
    ) % {"limit": number_format(limit, force_grouping=True)}


def _run(upload, *, dry_run):
    if not upload.file:
        raise ImportFileError(_("The file is no longer kept: upload it again."))
    spec = HAMLET_IMPORT_SPECS[upload.kind](user=upload.uploaded_by)
    limit = settings.IMPORT_BACKGROUND_ROWS
    with upload.file.open("rb") as handle:
        return run_import(spec, handle, dry_run=dry_run, progress=_stop_past(limit))


def hamlet_import_preview(*, kind, uploaded, user):
    """Keep the uploaded workbook and check it (a dry run); returns the upload. A file refused
    as a whole raises ImportFileError and nothing is kept; an accepted one supersedes the
    person's earlier unconfirmed uploads of the same kind."""
    import_scope(user)
    rows, _unzipped = measure_workbook(uploaded)
    limit = settings.IMPORT_BACKGROUND_ROWS
    if rows is not None and rows > limit:
        raise ImportFileError(_too_many(limit))
    upload = ImportUpload(kind=kind, original_name=uploaded.name[:255], uploaded_by=user, rows=rows)
    upload.file.save(uploaded.name, uploaded, save=False)
    upload.save()
    hamlet_import_check(upload=upload)
    if upload.status == Status.FAILED:
        upload.delete()
        raise ImportFileError(upload.error)
    uploads.import_supersede(upload=upload)
    return upload


def hamlet_import_check(*, upload):
    """Check the kept workbook (a dry run) and keep what the preview shows."""
    try:
        result = _run(upload, dry_run=True)
    except ImportFileError as exc:
        uploads._refuse(upload, str(exc))
        return None
    uploads._record(upload, result)
    return result


def hamlet_import_confirm(*, upload):
    """Write the workbook, all or nothing. Written: the upload is applied and its file deleted
    once committed. Not written (the data changed since the preview): the upload goes back to
    its preview with what is wrong now."""
    with transaction.atomic():
        result = _run(upload, dry_run=False)
        if result.written:
            upload.applied_at = timezone.now()
            uploads._record(upload, result, Status.APPLIED)
    if result.written:
        upload.delete_file()
    else:
        uploads._record(upload, result)
    return result


def hamlet_import_values_map(*, upload, choices, user):
    """Staff say what the preview's unknown values mean ({index in the preview's list: value});
    remembered for the installation, and the file is checked again. Returns how many."""
    columns = {c.key: c for c in HAMLET_IMPORT_SPECS[upload.kind].columns if c.vocabulary}
    outcome = upload.outcome()
    remembered = 0
    for index, unknown in enumerate(outcome.unknown_values if outcome else ()):
        value = choices.get(index)
        column = columns.get(unknown.column)
        if not value or column is None or value not in column.vocabulary.values:
            continue
        ImportValueMapping.remember(
            kind=upload.kind,
            column=unknown.column,
            key=unknown.key,
            written=unknown.value,
            value=value,
            user=user,
        )
        remembered += 1
    if remembered and upload.file:
        hamlet_import_check(upload=upload)
    return remembered
