"""The registry's workbooks: communes (either map), agencies, cadres. The engine, with its
all-or-nothing rule, is core/imports.py; here are the columns and how rows match the database.

Keys on re-import (DECISIONS.md): agency by normalised name; cadre by normalised full name +
agency (or, for a commune's cadre, the commune's code) + date of birth; commune by code within
its map.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import text
from core.imports import (
    CellError,
    Column,
    ImportSpec,
    Vocabulary,
    cell_text,
    parse_date,
    parse_email,
    parse_phone,
    parse_positive_int,
)

from ..divisions import province_code
from ..models import (
    NEW_MAP_FIRST_DAY,
    OLD_MAP_LAST_DAY,
    Agency,
    Cadre,
    Commune,
    District,
    Province,
    day_has_districts,
    periods_overlap,
)


def _code_parser(normalise):
    def parse(value):
        try:
            return normalise(cell_text(value))
        except ValidationError as exc:
            raise CellError(_("a code has digits only")) from exc

    return parse


# The codes as the models store them (Excel drops leading zeros: 4792 is commune 04792).
parse_code = _code_parser(Commune.normalise_code)
parse_district_code = _code_parser(District.normalise_code)


def _without(exc, field):
    """A ValidationError without its errors on `field` (an empty one when nothing is left)."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({k: v for k, v in exc.error_dict.items() if k != field})


def row_errors(result, row, exc, labels, default, value=""):
    """Report a model's ValidationError (its clean(), a service's refusal) on a row: each message
    under the column of its field (`labels`: field → column label), else under `default`."""
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, messages in by_field.items():
        for message in messages:
            result.add_error(row, labels.get(field, default), message, value)


# The columns with a fixed list: their words and abbreviations live beside the choices, in the
# models (DECISIONS, Import vocabulary); a value still unknown is mapped by staff in the preview.
COMMUNE_KIND = Vocabulary(
    Commune.KIND_ALIASES, gettext_lazy("must be xã, phường, thị trấn or đặc khu")
)
DISTRICT_KIND = Vocabulary(
    District.KIND_ALIASES, gettext_lazy("must be huyện, quận, thị xã or thành phố")
)
AGENCY_KIND = Vocabulary(
    Agency.KIND_ALIASES,
    gettext_lazy("must be «Sở, ban, ngành», «Mặt trận, đoàn thể» or «Ngành dọc Trung ương»"),
)
GENDER = Vocabulary(Cadre.GENDER_ALIASES, gettext_lazy("must be Nam or Nữ"))
# "Diện BTV quản lý": whether the cadre is under the Standing Board's management. Strings, not
# booleans, so that a spelling staff map in a preview is stored like any other choice.
YES, NO = "yes", "no"
STANDING_BOARD_ALIASES = {
    YES: ("Có", "x", "Thuộc diện", "Diện BTV", "Diện BTV quản lý", "BTV", "BTV quản lý", "Yes"),
    NO: ("Không", "Không thuộc diện", "No"),
}
STANDING_BOARD = Vocabulary(STANDING_BOARD_ALIASES, gettext_lazy("must be Có or Không"))
STANDING_BOARD_WORDS = {True: "Có", False: "Không"}
# Every spelling read, {word: value}; and how exports write a value, so that an exported list
# imports back unchanged.
COMMUNE_KINDS = COMMUNE_KIND.spellings
DISTRICT_KINDS = DISTRICT_KIND.spellings
AGENCY_KINDS = AGENCY_KIND.spellings
GENDERS = GENDER.spellings
COMMUNE_KIND_WORDS = dict(COMMUNE_KIND.choices)
AGENCY_KIND_WORDS = dict(AGENCY_KIND.choices)
GENDER_WORDS = dict(GENDER.choices)


def _kind_from_prefix(name, vocabulary):
    """The type a name starts with ("Xã Tân Lạc", "TT Hùng Sơn"), or None."""
    key = text.choice_key(name)
    for word, value in sorted(vocabulary.known.items(), key=lambda kv: -len(kv[0])):
        if key.startswith(word + " "):
            return value
    return None


def _differences(before, fields):
    """'old → new' for each field whose value changes ("" when nothing does). Foreign keys
    (…_id) change the row but are not worth printing as numbers."""
    changed = [k for k, v in fields.items() if before[k] != v]
    shown = ", ".join(
        f"{before[k] or '∅'} → {fields[k] or '∅'}" for k in changed if not k.endswith("_id")
    )
    return changed, shown


def _unit_key(agency_id, commune_id):
    """A cadre's unit in the re-import key: an agency's and a commune's ids never collide."""
    return ("agency", agency_id) if agency_id else ("commune", commune_id)


def _yes_no(flag):
    return YES if flag else NO


# Stands for the pk of a district not written yet, which no commune in the database has.
_NEW_DISTRICT = object()


def province_key(name):
    folded = text.fold(name)
    for prefix in ("tinh ", "thanh pho "):
        folded = folded.removeprefix(prefix)
    return folded


class CommuneImport(ImportSpec):
    kind = "communes"
    title = gettext_lazy("Communes")
    columns = (
        Column(
            "code",
            ("Mã xã", "Mã phường", "Mã đơn vị hành chính"),
            parse=parse_code,
            help=gettext_lazy("official code, e.g. 04792"),
        ),
        Column(
            "name",
            ("Tên xã", "Tên xã, phường", "Tên đơn vị hành chính"),
            help=gettext_lazy("full name, e.g. Xã Tân Lạc"),
        ),
        Column(
            "kind",
            ("Loại",),
            blank=True,
            vocabulary=COMMUNE_KIND,
            help=gettext_lazy("xã, phường, thị trấn or đặc khu; empty: read from the name"),
        ),
        Column(
            "district",
            ("Huyện", "Quận, huyện", "Huyện, quận, thị xã, thành phố"),
            required=False,
            blank=True,
            help=gettext_lazy("only for the map before 1/7/2025; leave empty for the current map"),
        ),
        Column("province", ("Tỉnh", "Tỉnh, thành phố"), help=gettext_lazy("e.g. Phú Thọ")),
        Column(
            "valid_from",
            ("Hiệu lực từ",),
            required=False,
            blank=True,
            parse=parse_date,
            help=gettext_lazy("optional: the date the commune came into force"),
        ),
        Column(
            "district_code", ("Mã huyện",), required=False, blank=True, parse=parse_district_code
        ),
        Column(
            "district_kind",
            ("Loại huyện",),
            required=False,
            blank=True,
            vocabulary=DISTRICT_KIND,
        ),
        Column(
            "secretary_name",
            ("Bí thư", "Bí thư Đảng ủy"),
            required=False,
            blank=True,
            help=gettext_lazy("optional: the Party secretary's name"),
        ),
        Column(
            "phone", ("Điện thoại",), required=False, blank=True, parse=parse_phone, max_length=30
        ),
        Column("email", ("Email", "Thư điện tử"), required=False, blank=True, parse=parse_email),
    )
    compared = ("name", "kind", "district_id", "province_id", "secretary_name", "phone", "email")

    def begin(self, first_row, result):
        given_from = self.options.get("valid_from")
        given_to = self.options.get("valid_to")
        if given_from or given_to:
            self.fixed_period = (given_from, given_to)
            self.old_map = bool(given_to and day_has_districts(given_to))
        else:
            self.fixed_period = None
            self.old_map = bool(first_row.get("district"))
        result.notes.append(
            _("Map before 1/7/2025 (with districts), in force until 30/06/2025.")
            if self.old_map
            else _("Current map (from 1/7/2025, no districts).")
        )

    def period(self, values):
        if self.fixed_period:
            return self.fixed_period
        if self.old_map:
            return values.get("valid_from"), OLD_MAP_LAST_DAY
        return values.get("valid_from") or NEW_MAP_FIRST_DAY, None

    def prepare(self):
        self.provinces = {}
        for province in Province.objects.all():
            self.provinces.setdefault(
                (province_key(province.name), province.has_districts), province
            )
        self.districts = {(d.province_id, d.search_name): d for d in District.objects.all()}
        # Plain tuples, not model instances: a national table (13,000 rows) stays a few MB.
        self.existing = {}
        columns = ("id", "code", "valid_from", "valid_to", *self.compared)
        for existing in Commune.objects.values_list(*columns).iterator(chunk_size=2000):
            self.existing.setdefault(existing[1], []).append(existing)
        self.seen = {}
        self.by_name = {}  # province or (province pk, district) as written → row found
        self.to_create, self.to_update, self.new_districts = [], [], []

    def _province(self, name, period):
        province = self.by_name.get(name)  # the same few names on every row
        if province is not None:
            return province
        key = (province_key(name), self.old_map)
        province = self.provinces.get(key)
        if province is None:
            province = Province.objects.create(
                name=name,
                code=province_code(name, old_map=self.old_map),
                kind=Province.Kind.CITY
                if text.fold(name).startswith("thanh pho ")
                else Province.Kind.PROVINCE,
                valid_from=None if self.old_map else period[0],
                valid_to=OLD_MAP_LAST_DAY if self.old_map else period[1],
            )
            self.provinces[key] = province
        elif not province.code:
            # Made by an earlier import, before provinces got their codes from their names.
            province.code = province_code(name, old_map=self.old_map)
            if province.code:
                province.save(update_fields=["code"])
        self.by_name[name] = province
        return province

    def _district(self, province, values):
        name = values["district"]
        district = self.by_name.get((province.pk, name))
        if district is not None:
            return district
        key = (province.pk, text.fold(name))
        district = self.districts.get(key)
        if district is None:
            # Written with the communes of its batch, in one insert (`flush`): until then it has
            # no pk, and a commune points to it as an object.
            kind = values.get("district_kind") or _kind_from_prefix(name, DISTRICT_KIND)
            district = District(
                province=province,
                name=text.clean(name),
                search_name=text.fold(name),
                code=values.get("district_code") or "",
                kind=kind or District.Kind.RURAL,
            )
            self.new_districts.append(district)
            self.districts[key] = district
        self.by_name[(province.pk, name)] = district
        return district

    def process(self, row, values, result):
        """Every check the row's readable cells allow; staged only when the row has no error."""
        code_label, kind_label, district_label = (self.columns[i].label for i in (0, 2, 3))
        errors_before = result.error_count
        if values.usable("district"):
            if self.old_map and not values.get("district"):
                result.add_error(
                    row, district_label, _("is empty: this file follows the map with districts")
                )
            elif not self.old_map and values.get("district"):
                result.add_error(
                    row,
                    district_label,
                    _(
                        "there are no districts from 1/7/2025: leave it empty, or load the old "
                        "map in a file of its own"
                    ),
                    values["district"],
                )
        kind = values.get("kind")
        if kind is None and values.usable("kind", "name"):
            kind = _kind_from_prefix(values["name"], COMMUNE_KIND)
            if kind is None:
                result.add_error(
                    row, kind_label, _("is empty and the name does not say it"), values["name"]
                )
        valid_from, valid_to = self.period(values)
        # The period is known unless it comes from a cell that could not be read.
        dated = bool(self.fixed_period) or values.usable("valid_from")
        code = values.get("code") if dated else None
        # One code, one commune on any date: an earlier row of the file in force at the same time
        # is the same commune twice (the database would refuse the second one).
        earlier = code and next(
            (
                r
                for f, t, r in self.seen.get(code, ())
                if periods_overlap(f, t, valid_from, valid_to)
            ),
            None,
        )
        if earlier:
            result.add_error(
                row, code_label, _("repeats the code of row %(row)d") % {"row": earlier}, code
            )
        elif code:
            self.seen.setdefault(code, []).append((valid_from, valid_to, row))
        province = district = None
        if values.usable("province"):
            province = self._province(values["province"], (valid_from, valid_to))
            if self.old_map and values.usable("district") and values.get("district"):
                district = self._district(province, values)
        fields = {
            "name": values.get("name") or "",
            "kind": kind,
            "district_id": district.pk if district else None,
            "province_id": province.pk if province else None,
            "secretary_name": values.get("secretary_name") or "",
            "phone": values.get("phone") or "",
            "email": values.get("email") or "",
        }
        commune = Commune(
            code=values.get("code") or "",
            valid_from=valid_from,
            valid_to=valid_to,
            search_name=text.fold(fields["name"]),
            **fields,
        )
        commune.district = district  # in hand: the model's checks need no query
        try:
            commune.clean()
        except ValidationError as exc:
            # A code that could not be read is reported already, under its column.
            exc = _without(exc, "code") if not values.usable("code") else exc
            labels = {"code": code_label, "district": district_label}
            row_errors(result, row, exc, labels, default=self.columns[5].label)
        match = None
        for other in self.existing.get(code, ()) if code else ():
            other_from, other_to = other[2], other[3]
            if other_from == valid_from and other_to == valid_to:
                match = other
            elif periods_overlap(other_from, other_to, valid_from, valid_to):
                result.add_error(
                    row,
                    code_label,
                    _("already belongs to «%(name)s» in the same period") % {"name": other[4]},
                    code,
                )
                break
        if values.bad or result.error_count > errors_before:
            return
        if match is None:
            self.to_create.append(commune)
            result.add_change(row, "new", f"{code} {fields['name']}")
            return
        before = dict(zip(self.compared, match[4:], strict=True))
        if district is not None and district.pk is None:
            before["district_id"] = _NEW_DISTRICT  # one this file creates: the row changes
        changed, details = _differences(before, fields)
        if not changed:
            result.unchanged += 1
            return
        commune.pk = match[0]
        self.to_update.append(commune)
        result.add_change(row, "changed", f"{code} {fields['name']}", details)

    def flush(self, write=True):
        if write:
            # The districts first: bulk_create gives them their pks, which the communes that
            # point to them take as they are written.
            District.objects.bulk_create(self.new_districts, batch_size=500)
            Commune.objects.bulk_create(self.to_create, batch_size=500)
            Commune.objects.bulk_update(
                self.to_update, [*self.compared, "search_name"], batch_size=500
            )
        self.to_create, self.to_update, self.new_districts = [], [], []


class AgencyImport(ImportSpec):
    kind = "agencies"
    title = gettext_lazy("Agencies")
    columns = (
        Column(
            "name",
            ("Tên cơ quan", "Tên cơ quan, đơn vị", "Cơ quan"),
            help=gettext_lazy("e.g. Sở Nội vụ"),
        ),
        Column(
            "kind",
            ("Loại",),
            vocabulary=AGENCY_KIND,
            help=gettext_lazy("Sở, ban, ngành / Mặt trận, đoàn thể / Ngành dọc Trung ương"),
        ),
        Column(
            "leader_quota",
            ("Số lãnh đạo", "Số lượng lãnh đạo"),
            parse=parse_positive_int,
            help=gettext_lazy("number of leaders = communes the agency should cover"),
        ),
    )

    def prepare(self):
        self.existing = {a.key: a for a in Agency.objects.all()}
        self.seen = {}
        self.to_create, self.to_update = [], []

    def process(self, row, values, result):
        if not values.usable("name"):
            return
        key = text.name_key(values["name"])
        if key in self.seen:
            result.add_error(
                row,
                self.columns[0].label,
                _("repeats the agency of row %(row)d") % {"row": self.seen[key]},
                values["name"],
            )
            return
        self.seen[key] = row
        if values.bad:
            return
        fields = {
            "name": values["name"],
            "kind": values["kind"],
            "leader_quota": values["leader_quota"],
        }
        agency = self.existing.get(key)
        if agency is None:
            self.to_create.append(Agency(key=key, search_name=text.fold(values["name"]), **fields))
            result.add_change(row, "new", values["name"])
            return
        changed, details = _differences({k: getattr(agency, k) for k in fields}, fields)
        if not changed:
            result.unchanged += 1
            return
        for k, v in fields.items():
            setattr(agency, k, v)
        agency.search_name = text.fold(agency.name)
        self.to_update.append(agency)
        result.add_change(row, "changed", values["name"], details)

    def flush(self, write=True):
        if write:
            Agency.objects.bulk_create(self.to_create, batch_size=500)
            Agency.objects.bulk_update(
                self.to_update, ["name", "search_name", "kind", "leader_quota"], batch_size=500
            )
        self.to_create, self.to_update = [], []


class CadreImport(ImportSpec):
    """A cadre belongs to an agency ("Cơ quan") or, a commune's Party secretary, to a commune
    ("Mã xã"): exactly one of the two per row (Cadre.clean)."""

    kind = "cadres"
    title = gettext_lazy("Cadres")
    columns = (
        Column(
            "full_name",
            ("Họ và tên", "Họ và tên cán bộ", "Họ tên"),
            help=gettext_lazy("e.g. Nguyễn Văn Hùng"),
        ),
        Column("position", ("Chức vụ",), help=gettext_lazy("e.g. Phó Giám đốc")),
        Column(
            "agency",
            ("Cơ quan", "Cơ quan, đơn vị", "Tên cơ quan"),
            required=False,
            blank=True,
            help=gettext_lazy("as in the agency list; empty for a commune's cadre"),
        ),
        Column("date_of_birth", ("Ngày sinh",), parse=parse_date, help="dd/mm/yyyy"),
        Column(
            "gender",
            ("Giới tính",),
            vocabulary=GENDER,
            help=gettext_lazy("Nam or Nữ"),
        ),
        Column(
            "phone", ("Điện thoại",), required=False, blank=True, parse=parse_phone, max_length=30
        ),
        Column("email", ("Email", "Thư điện tử"), required=False, blank=True, parse=parse_email),
        Column(
            "commune_code",
            ("Mã xã", "Mã đơn vị hành chính", "Mã ĐVHC"),
            required=False,
            blank=True,
            parse=parse_code,
            help=gettext_lazy(
                "only for a commune's cadre (its Party secretary), instead of the agency"
            ),
        ),
        Column(
            "standing_board",
            (
                "Diện BTV quản lý",
                "Diện Ban Thường vụ quản lý",
                "Thuộc diện BTV quản lý",
                "Diện BTV",
            ),
            required=False,
            blank=True,
            vocabulary=STANDING_BOARD,
            help=gettext_lazy("Có or Không: under the Standing Board's management"),
        ),
    )
    compared = ("full_name", "position", "gender", "phone", "email")

    def prepare(self):
        self.agencies = {a.key: a for a in Agency.objects.all()}
        # A code names the commune of today's map; a code no longer in force, its latest one.
        today = timezone.localdate()
        self.communes = {}
        for commune in Commune.objects.order_by("valid_from"):
            held = self.communes.get(commune.code)
            if held is None or not held.is_valid_on(today):
                self.communes[commune.code] = commune
        self.existing = {
            (c.name_key, _unit_key(c.agency_id, c.commune_id), c.date_of_birth): c
            for c in Cadre.objects.select_related("agency", "commune")
        }
        self.seen = {}
        self.to_create, self.to_update = [], []

    def _unit(self, row, values, result):
        """The row's agency or commune (None, None when unreadable, unknown, both or neither;
        every such error added)."""
        agency = commune = None
        if values.usable("agency") and values["agency"]:
            agency = self.agencies.get(text.name_key(values["agency"]))
            if agency is None:
                result.add_error(
                    row,
                    self.columns[2].label,
                    _("is not in the agency list: import or add the agency first"),
                    values["agency"],
                )
        if values.usable("commune_code") and values["commune_code"]:
            commune = self.communes.get(values["commune_code"])
            if commune is None:
                result.add_error(
                    row,
                    self.columns[7].label,
                    _("is not in the commune list: import the communes first"),
                    values["commune_code"],
                )
        if not values.usable("agency", "commune_code"):
            return None, None
        if values["agency"] and values["commune_code"]:
            result.add_error(
                row,
                self.columns[2].label,
                _(
                    "row %(row)d gives both an agency and a commune code: a cadre belongs to "
                    "one of them only"
                )
                % {"row": row},
                values["agency"],
            )
            return None, None
        if not values["agency"] and not values["commune_code"]:
            result.add_error(
                row,
                self.columns[2].label,
                _("row %(row)d gives neither an agency nor a commune code: fill in one of them")
                % {"row": row},
            )
        return agency, commune

    def process(self, row, values, result):
        """Every check the row's readable cells allow; staged only when the row has no error."""
        errors_before = result.error_count
        agency, commune = self._unit(row, values, result)
        unit = agency or commune
        born = values["date_of_birth"]
        fields = {k: values.get(k) or "" for k in self.compared}
        name_key = text.name_key(fields["full_name"])
        key = (
            (name_key, _unit_key(agency and agency.pk, commune and commune.pk), born)
            if unit and born and fields["full_name"]
            else None
        )
        cadre = self.existing.get(key) if key else None
        staged = cadre or Cadre(date_of_birth=born, name_key=name_key, **fields)
        if unit and not cadre:
            staged.agency, staged.commune = agency, commune
        if born:
            try:
                staged.clean()
            except ValidationError as exc:
                if unit is None:  # said already: unknown, both or neither
                    exc = _without(exc, "agency")
                labels = {"date_of_birth": self.columns[3].label, "agency": self.columns[2].label}
                row_errors(result, row, exc, labels, self.columns[0].label, cell_text(born))
        if key in self.seen:
            result.add_error(
                row,
                self.columns[0].label,
                _("repeats the cadre of row %(row)d") % {"row": self.seen[key]},
                values["full_name"],
            )
            return
        if key:
            self.seen[key] = row
        if values.bad or result.error_count > errors_before or unit is None:
            return
        unit_name = agency.name if agency else commune.committee_name
        flag = values["standing_board"]
        if cadre is None:
            staged.search_name = text.fold(fields["full_name"])
            staged.standing_board = flag == YES
            self.to_create.append(staged)
            result.add_change(row, "new", f"{fields['full_name']} – {unit_name}")
            return
        changed, details = _differences({k: getattr(cadre, k) for k in fields}, fields)
        # An empty cell (or no such column) keeps the flag as it is.
        board = cadre.standing_board if flag is None else flag == YES
        if board != cadre.standing_board:
            changed.append("standing_board")
            shift = (
                f"{STANDING_BOARD.word(_yes_no(cadre.standing_board))} → "
                f"{STANDING_BOARD.word(_yes_no(board))}"
            )
            details = f"{details}, {shift}" if details else shift
        if not changed:
            result.unchanged += 1
            return
        for k, v in fields.items():
            setattr(cadre, k, v)
        cadre.standing_board = board
        cadre.search_name = text.fold(cadre.full_name)
        self.to_update.append(cadre)
        result.add_change(row, "changed", f"{fields['full_name']} – {unit_name}", details)

    def flush(self, write=True):
        if write:
            Cadre.objects.bulk_create(self.to_create, batch_size=500)
            Cadre.objects.bulk_update(
                self.to_update, [*self.compared, "standing_board", "search_name"], batch_size=500
            )
        self.to_create, self.to_update = [], []
