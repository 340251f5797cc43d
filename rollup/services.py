"""The centre's workflows: the provinces it follows and their public keys, and the import of the
signed snapshots they send (issue 19). A refused file leaves nothing behind."""

import hashlib
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import schema, signing
from .models import FollowedProvince, ProvinceKey, Snapshot
from .provinces import find_province
from .versions import in_use_ids

MAX_SNAPSHOT_BYTES = 20 * 1024 * 1024


class SnapshotRefused(ValidationError):
    """A snapshot file the centre does not take; the message says why, in the user's language."""

    def __init__(self, message):
        self.text = str(message)
        super().__init__(self.text)

    def __str__(self):
        return self.text


# --- provinces and keys -------------------------------------------------------------------------


def _public_key(pem_text):
    try:
        return signing.load_public_key(pem_text)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


@transaction.atomic
def province_follow(*, code, map_, user=None):
    """Follow the province of `map_` with `code` (idempotent). Returns (province, created)."""
    choice = find_province(code, map_)
    if choice is None:
        raise ValidationError(
            _("There is no province with code «%(code)s» on the map of %(map)s.")
            % {"code": str(code)[:10], "map": FollowedProvince.Map(map_).label}
        )
    province, created = FollowedProvince.objects.get_or_create(
        map=map_, code=choice.code, defaults={"name": choice.name, "added_by": user}
    )
    return province, created


@transaction.atomic
def province_key_add(*, province, pem_text, user=None):
    """Trust a public key (PEM text) for `province`'s snapshots. The same key twice changes
    nothing. Keys are never removed: after a rotation the old key still verifies what it
    signed. Returns (key, created)."""
    public_key = _public_key(pem_text)
    key_id = signing.key_id(public_key)
    existing = ProvinceKey.objects.filter(province=province, key_id=key_id).first()
    if existing is not None:
        return existing, False
    key = ProvinceKey(
        province=province,
        key_id=key_id,
        public_key=signing.public_key_pem(public_key),
        added_by=user,
    )
    key.full_clean()
    key.save()
    return key, True


@transaction.atomic
def province_register(*, code, map_, pem_text, user=None):
    """Follow a province and trust a key for it, both or neither (a malformed key leaves no
    province behind). Returns (province, key, province created, key created)."""
    _public_key(pem_text)  # refused before anything is written
    province, province_created = province_follow(code=code, map_=map_, user=user)
    key, key_created = province_key_add(province=province, pem_text=pem_text, user=user)
    return province, key, province_created, key_created


# --- snapshot import ----------------------------------------------------------------------------


def too_large():
    """The refusal of a file over MAX_SNAPSHOT_BYTES (an upload's size is checked before it is
    read)."""
    return SnapshotRefused(
        _("The file is larger than %(mb)d MB: it is not a snapshot.")
        % {"mb": MAX_SNAPSHOT_BYTES // (1024 * 1024)}
    )


def _not_snapshot():
    return SnapshotRefused(_("This is not a snapshot file (it is truncated or not JSON)."))


def _missing(field):
    return SnapshotRefused(
        _("This is not a snapshot file: the field «%(field)s» is missing or not of the right type.")
        % {"field": field}
    )


def _names(provinces):
    return ", ".join(province.name for province in provinces)


def _covered(data):
    """(year, covered province codes) from a payload, before its full check."""
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise _missing("year")
    installation = data.get("installation")
    codes = installation.get("provinces") if isinstance(installation, dict) else None
    if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
        raise _missing("installation.provinces")
    return year, sorted(set(codes))


def snapshot_import(*, content, user=None):
    """Check and store one snapshot file (its bytes). Returns (snapshot, created): created is
    False when this very file was imported before (nothing changes). Raises SnapshotRefused,
    storing nothing, for a file that is too large, not a snapshot, of an unknown schema, from
    a province the centre does not follow, signed by a key not registered for it, whose
    signature does not verify, that contradicts itself, or that reuses a version number.

    The checks run in this order so the message names the first thing wrong: a tampered figure
    is reported as a broken signature, not as a contradiction in the figures."""
    if len(content) > MAX_SNAPSHOT_BYTES:
        raise too_large()
    try:
        payload_text, key_id, signature = schema.parse_envelope(content)
        data = schema.parse_payload(payload_text)
    except schema.SnapshotError as exc:
        raise _not_snapshot() from exc

    version = data.get("schema")
    if (
        not isinstance(version, int)
        or isinstance(version, bool)
        or version not in schema.KNOWN_SCHEMAS
    ):
        raise SnapshotRefused(
            _(
                "The file uses schema version %(version)s, which this installation does not "
                "know (it reads version %(known)s)."
            )
            % {
                "version": str(version)[:20],
                "known": ", ".join(str(v) for v in sorted(schema.KNOWN_SCHEMAS)),
            }
        )

    year, codes = _covered(data)
    map_ = FollowedProvince.map_of_year(year)
    followed = {p.code: p for p in FollowedProvince.objects.filter(map=map_, code__in=codes)}
    for code in codes:
        if code not in followed:
            choice = find_province(code, map_)
            raise SnapshotRefused(
                _(
                    "The centre does not follow %(province)s (code %(code)s, map of %(map)s): "
                    "register the province and its key first."
                )
                % {
                    "province": choice.name if choice else _("an unknown province"),
                    "code": code[:10],
                    "map": FollowedProvince.Map(map_).label,
                }
            )
    provinces = [followed[code] for code in codes]

    keys = {
        key.province_id: key
        for key in ProvinceKey.objects.filter(key_id=key_id, province__in=provinces)
    }
    for province in provinces:
        if province.pk not in keys:
            raise SnapshotRefused(
                _(
                    "The file is signed by a key (%(key_id)s) that is not registered for "
                    "%(province)s."
                )
                % {"key_id": key_id[:32], "province": province.name}
            )
    key = keys[provinces[0].pk]

    if not signing.verify(key.public_key, payload_text.encode("utf-8"), signature):
        raise SnapshotRefused(
            _(
                "The signature does not verify: the file was changed after it was signed, or it "
                "does not come from %(provinces)s."
            )
            % {"provinces": _names(provinces)}
        )

    try:
        schema.validate_payload(data)
    except schema.SnapshotError as exc:
        raise SnapshotRefused(exc.message) from exc

    sha256 = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        existing = Snapshot.objects.filter(sha256=sha256).first()
        if existing is not None:
            return existing, False
        wanted = {p.pk for p in provinces}
        for other in Snapshot.objects.filter(year=year, sequence=data["sequence"]).prefetch_related(
            "provinces"
        ):
            if {p.pk for p in other.provinces.all()} == wanted:
                raise SnapshotRefused(
                    _(
                        "Version %(sequence)s of %(year)s from %(provinces)s was already "
                        "received with other content: this file is refused."
                    )
                    % {"sequence": data["sequence"], "year": year, "provinces": _names(provinces)}
                )
        snapshot = Snapshot(
            sha256=sha256,
            installation=data["installation"]["name"][:200],
            year=year,
            sequence=data["sequence"],
            created_at=datetime.fromisoformat(data["created_at"]),
            app_version=data["app_version"][:40],
            schema=version,
            key=key,
            payload=payload_text,
            signature=signature,
            counts=data["counts"],
            imported_by=user,
        )
        snapshot.full_clean(exclude=["sha256"])
        try:
            with transaction.atomic():
                snapshot.save()
        except IntegrityError:  # the same file, imported at the same moment by someone else
            return Snapshot.objects.get(sha256=sha256), False
        snapshot.provinces.set(provinces)
    return snapshot, True


def snapshot_import_message(snapshot, created):
    """What an import did, in a sentence: new and in use, new but older than the version in use,
    or already there."""
    provinces = _names(snapshot.provinces.all())
    values = {"sequence": snapshot.sequence, "year": snapshot.year, "provinces": provinces}
    if not created:
        return (
            _(
                "Version %(sequence)s of %(year)s from %(provinces)s was already imported: "
                "nothing changed."
            )
            % values
        )
    if snapshot.pk in in_use_ids(year=snapshot.year):
        return _("Imported version %(sequence)s of %(year)s from %(provinces)s.") % values
    return (
        _(
            "Version %(sequence)s of %(year)s from %(provinces)s is stored as an older version: "
            "the newer version already received stays in use."
        )
        % values
    )
