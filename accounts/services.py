"""Commune accounts: one per commune, a generated password handed out on a credentials sheet,
to be changed at first login."""

import os
import secrets

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from assignments.models import Commune

from .models import User
from .roles import Role

# No 0/O, 1/l/I: read aloud over the phone or copied from paper without confusion.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def generated_password():
    """16 symbols of a 32-symbol alphabet (80 bits), in groups of four: K7QM-XR2T-9HWN-C4PZ."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def _hashed(password):
    return make_password(password, hasher="pbkdf2_sha256_generated")


def commune_username(commune):
    """The login of a commune's account, decided once when the account is made.

    A commune code is unique only among the communes in force on one date (the 2025 map reused
    most codes), so the map is part of the name:
    - a commune of the map in force (no end of validity): `xa` + its code, `xa04792`;
    - a commune of an earlier map (it has an end of validity): `xa` + its code + the year its
      validity ended, `xa04792-2025` for the commune 04792 of the map before 1/7/2025.
    The name does not depend on which map was loaded or which accounts were made first. Should
    it be held already (an account made under an earlier rule, or a third commune with the code
    ending the same year), the commune's id is added: `xa04792-2025-812`.
    """
    username = f"xa{commune.code}"
    if commune.valid_to is not None:
        username = f"{username}-{commune.valid_to.year}"
    if User.objects.filter(username=username).exists():
        username = f"{username}-{commune.pk}"
    return username


@transaction.atomic
def commune_accounts_create(*, communes=None, day=None):
    """Create the missing accounts of `communes` (a queryset: a round's communes, on either
    map), by default the communes in force on `day` (default today).

    Returns [(commune, username, password)] for the accounts created; existing accounts are
    left alone. Passwords are shown once, on the credentials sheet.
    """
    if communes is None:
        communes = Commune.objects.valid_on(day or timezone.localdate())
    communes = communes.filter(accounts__isnull=True).select_related("district", "province")
    group = Group.objects.get(name=Role.COMMUNE)
    created = []
    for commune in communes.order_by("province__search_name", "search_name", "pk"):
        password = generated_password()
        user = User.objects.create(
            username=commune_username(commune),
            full_name=commune.committee_name,
            email=commune.email,
            commune=commune,
            password=_hashed(password),
            must_change_password=True,
        )
        user.groups.add(group)
        created.append((commune, user.username, password))
    return created


@transaction.atomic
def commune_password_reset(*, commune):
    """A new generated password for a commune's account (created if missing), to be changed at
    the next login. Any lockout of the account is lifted."""
    from axes.utils import reset

    user = User.objects.filter(commune=commune).first()
    if user is None:
        return commune_accounts_create(communes=Commune.objects.filter(pk=commune.pk))[0]
    password = generated_password()
    user.password = _hashed(password)
    user.must_change_password = True
    user.is_active = True
    user.save(update_fields=["password", "must_change_password", "is_active"])
    reset(username=user.username)
    return commune, user.username, password


def credentials_sheet(rows):
    """The credentials sheet to hand out: one line per commune, with the login address. A
    "Huyện" column only for communes of the map before 1/7/2025 (the only ones with a district)."""
    from django.conf import settings

    from assignments.exports import commune_cells, commune_columns
    from core.exports import Column, Sheet, workbook_bytes

    rows = list(rows)
    site = getattr(settings, "SITE_URL", "")
    with_district = any(c.district_id for c, _username, _password in rows)
    columns = [
        Column.integer("STT", 6),
        *commune_columns(districts=with_district),
        Column.text("Tỉnh", 16),
        Column.text("Tên đăng nhập", 16),
        Column.text("Mật khẩu", 24),
        Column.text("Ghi chú", 36),
    ]
    return workbook_bytes(
        [
            Sheet(
                "Tai khoan",
                columns,
                (
                    (
                        n,
                        *commune_cells(c, districts=with_district),
                        c.province.name,
                        username,
                        password,
                        "Đổi mật khẩu ở lần đăng nhập đầu tiên",
                    )
                    for n, (c, username, password) in enumerate(rows, start=1)
                ),
                caption=f"Tài khoản Đảng ủy xã, phường {site}".strip(),
                empty="Không có tài khoản mới: mọi xã, phường đã có tài khoản.",
            )
        ]
    )


def credentials_sheet_write(*, rows, path):
    """Write the credentials sheet to `path`, readable and writable by its owner only (mode 600,
    also when the file was there before): it holds passwords in clear."""
    content = credentials_sheet(rows)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(content)
