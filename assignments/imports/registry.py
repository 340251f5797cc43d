"""The registry's workbooks: communes (either map), agencies, cadres. The engine, with its
all-or-nothing rule, is core/imports.py; here are the columns and how rows match the database.

Keys on re-import (DECISIONS.md): agency by normalised name; cadre by normalised full name +
agency + date of birth; commune by code within its map.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import text
from core.imports import (
    CellError,
    Column,
    ImportSpec,
    cell_text,
    choice_parser,
    parse_date,
    parse_email,
    parse_phone,
    parse_positive_int,
)

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


def row_errors(result, row, exc, labels, default, value=""):
    """Report a model's ValidationError (its clean(), a service's refusal) on a row: each message
    under the column of its field (`labels`: field → column label), else under `default`."""
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, messages in by_field.items():
        for message in messages:
            result.add_error(row, labels.get(field, default), message, value)


COMMUNE_KINDS = {
    "xã": Commune.Kind.COMMUNE,
    "phường": Commune.Kind.WARD,
    "thị trấn": Commune.Kind.TOWNSHIP,
    "đặc khu": Commune.Kind.SPECIAL_ZONE,
}
DISTRICT_KINDS = {
    "huyện": District.Kind.RURAL,
    "quận": District.Kind.URBAN,
    "thị xã": District.Kind.TOWN,
    "thành phố": District.Kind.CITY,
}
AGENCY_KINDS = {
    "sở, ban, ngành": Agency.Kind.DEPARTMENT,
    "sở ban ngành": Agency.Kind.DEPARTMENT,
    "sở": Agency.Kind.DEPARTMENT,
    "ban đảng": Agency.Kind.DEPARTMENT,
    "mặt trận, đoàn thể": Agency.Kind.FRONT,
    "mặt trận và đoàn thể": Agency.Kind.FRONT,
    "mặt trận đoàn thể": Agency.Kind.FRONT,
    "đoàn thể": Agency.Kind.FRONT,
    "ngành dọc trung ương": Agency.Kind.CENTRAL,
    "ngành dọc": Agency.Kind.CENTRAL,
    "cơ quan ngành dọc trung ương": Agency.Kind.CENTRAL,
}
# How exports write a value, so that an exported list imports back unchanged.
COMMUNE_KIND_WORDS = {value: label for label, value in COMMUNE_KINDS.items()}
AGENCY_KIND_WORDS = {
    Agency.Kind.DEPARTMENT: "Sở, ban, ngành",
    Agency.Kind.FRONT: "Mặt trận, đoàn thể",
    Agency.Kind.CENTRAL: "Ngành dọc Trung ương",
}
GENDER_WORDS = {Cadre.Gender.MALE: "Nam", Cadre.Gender.FEMALE: "Nữ"}
GENDERS = {"nam": Cadre.Gender.MALE, "nữ": Cadre.Gender.FEMALE, "nu": Cadre.Gender.FEMALE}


def _kind_from_prefix(name, kinds):
    folded = text.fold(name)
    for label, value in sorted(kinds.items(), key=lambda kv: -len(kv[0])):
        if folded.startswith(text.fold(label) + " "):
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
            parse=choice_parser(
                COMMUNE_KINDS, gettext_lazy("must be xã, phường, thị trấn or đặc khu")
            ),
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
            parse=choice_parser(
                DISTRICT_KINDS, gettext_lazy("must be huyện, quận, thị xã or thành phố")
            ),
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
        self.to_create, self.to_update = [], []

    def _province(self, name, period):
        key = (province_key(name), self.old_map)
        province = self.provinces.get(key)
        if province is None:
            province = Province.objects.create(
                name=name,
                kind=Province.Kind.CITY
                if text.fold(name).startswith("thanh pho ")
                else Province.Kind.PROVINCE,
                valid_from=None if self.old_map else period[0],
                valid_to=OLD_MAP_LAST_DAY if self.old_map else period[1],
            )
            self.provinces[key] = province
        return province

    def _district(self, province, values):
        name = values["district"]
        key = (province.pk, text.fold(name))
        district = self.districts.get(key)
        if district is None:
            kind = values.get("district_kind") or _kind_from_prefix(name, DISTRICT_KINDS)
            district = District.objects.create(
                province=province,
                name=name,
                code=values.get("district_code") or "",
                kind=kind or District.Kind.RURAL,
            )
            self.districts[key] = district
        return district

    def process(self, row, values, result):
        district_label, kind_label = self.columns[3].label, self.columns[2].label
        if self.old_map and not values.get("district"):
            result.add_error(
                row, district_label, _("is empty: this file follows the map with districts")
            )
            return
        if not self.old_map and values.get("district"):
            result.add_error(
                row,
                district_label,
                _(
                    "there are no districts from 1/7/2025: leave it empty, or load the old map "
                    "in a file of its own"
                ),
                values["district"],
            )
            return
        kind = values.get("kind") or _kind_from_prefix(values["name"], COMMUNE_KINDS)
        if kind is None:
            result.add_error(
                row, kind_label, _("is empty and the name does not say it"), values["name"]
            )
            return
        valid_from, valid_to = self.period(values)
        code = values["code"]
        # One code, one commune on any date: an earlier row of the file in force at the same time
        # is the same commune twice (the database would refuse the second one).
        earlier = next(
            (
                r
                for f, t, r in self.seen.get(code, ())
                if periods_overlap(f, t, valid_from, valid_to)
            ),
            None,
        )
        if earlier:
            result.add_error(
                row,
                self.columns[0].label,
                _("repeats the code of row %(row)d") % {"row": earlier},
                code,
            )
            return
        self.seen.setdefault(code, []).append((valid_from, valid_to, row))
        province = self._province(values["province"], (valid_from, valid_to))
        district = self._district(province, values) if self.old_map else None
        fields = {
            "name": values["name"],
            "kind": kind,
            "district_id": district.pk if district else None,
            "province_id": province.pk,
            "secretary_name": values.get("secretary_name") or "",
            "phone": values.get("phone") or "",
            "email": values.get("email") or "",
        }
        commune = Commune(
            code=code,
            valid_from=valid_from,
            valid_to=valid_to,
            search_name=text.fold(fields["name"]),
            **fields,
        )
        commune.district = district  # in hand: the model's checks need no query
        try:
            commune.clean()
        except ValidationError as exc:
            labels = {"code": self.columns[0].label, "district": district_label}
            row_errors(result, row, exc, labels, default=self.columns[5].label)
            return
        match = None
        for other in self.existing.get(code, ()):
            other_from, other_to = other[2], other[3]
            if other_from == valid_from and other_to == valid_to:
                match = other
            elif periods_overlap(other_from, other_to, valid_from, valid_to):
                result.add_error(
                    row,
                    self.columns[0].label,
                    _("already belongs to «%(name)s» in the same period") % {"name": other[4]},
                    code,
                )
                return
        if match is None:
            self.to_create.append(commune)
            result.add_change(row, "new", f"{code} {fields['name']}")
            return
        changed, details = _differences(dict(zip(self.compared, match[4:], strict=True)), fields)
        if not changed:
            result.unchanged += 1
            return
        commune.pk = match[0]
        self.to_update.append(commune)
        result.add_change(row, "changed", f"{code} {fields['name']}", details)

    def flush(self, write=True):
        if write:
            Commune.objects.bulk_create(self.to_create, batch_size=500)
            Commune.objects.bulk_update(
                self.to_update, [*self.compared, "search_name"], batch_size=500
            )
        self.to_create, self.to_update = [], []


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
            parse=choice_parser(
                AGENCY_KINDS,
                gettext_lazy(
                    "must be «Sở, ban, ngành», «Mặt trận, đoàn thể» or «Ngành dọc Trung ương»"
                ),
            ),
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
            help=gettext_lazy("as in the agency list"),
        ),
        Column("date_of_birth", ("Ngày sinh",), parse=parse_date, help="dd/mm/yyyy"),
        Column(
            "gender",
            ("Giới tính",),
            parse=choice_parser(GENDERS, gettext_lazy("must be Nam or Nữ")),
            help=gettext_lazy("Nam or Nữ"),
        ),
        Column(
            "phone", ("Điện thoại",), required=False, blank=True, parse=parse_phone, max_length=30
        ),
        Column("email", ("Email", "Thư điện tử"), required=False, blank=True, parse=parse_email),
    )
    compared = ("full_name", "position", "gender", "phone", "email")

    def prepare(self):
        self.agencies = {a.key: a for a in Agency.objects.all()}
        self.existing = {(c.name_key, c.agency_id, c.date_of_birth): c for c in Cadre.objects.all()}
        self.seen = {}
        self.to_create, self.to_update = [], []

    def process(self, row, values, result):
        agency = self.agencies.get(text.name_key(values["agency"]))
        if agency is None:
            result.add_error(
                row,
                self.columns[2].label,
                _("is not in the agency list: import or add the agency first"),
                values["agency"],
            )
            return
        born = values["date_of_birth"]
        fields = {k: values.get(k) or "" for k in self.compared}
        key = (text.name_key(values["full_name"]), agency.pk, born)
        cadre = self.existing.get(key)
        staged = cadre or Cadre(agency=agency, date_of_birth=born, name_key=key[0], **fields)
        try:
            staged.clean()
        except ValidationError as exc:
            labels = {"date_of_birth": self.columns[3].label}
            row_errors(result, row, exc, labels, self.columns[0].label, cell_text(born))
            return
        if key in self.seen:
            result.add_error(
                row,
                self.columns[0].label,
                _("repeats the cadre of row %(row)d") % {"row": self.seen[key]},
                values["full_name"],
            )
            return
        self.seen[key] = row
        if cadre is None:
            staged.search_name = text.fold(fields["full_name"])
            self.to_create.append(staged)
            result.add_change(row, "new", f"{fields['full_name']} – {agency.name}")
            return
        changed, details = _differences({k: getattr(cadre, k) for k in fields}, fields)
        if not changed:
            result.unchanged += 1
            return
        for k, v in fields.items():
            setattr(cadre, k, v)
        cadre.search_name = text.fold(cadre.full_name)
        self.to_update.append(cadre)
        result.add_change(row, "changed", f"{fields['full_name']} – {agency.name}", details)

    def flush(self, write=True):
        if write:
            Cadre.objects.bulk_create(self.to_create, batch_size=500)
            Cadre.objects.bulk_update(
                self.to_update, [*self.compared, "search_name"], batch_size=500
            )
        self.to_create, self.to_update = [], []
