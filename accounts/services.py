"""Commune accounts: one per commune, a generated password handed out on a credentials sheet,
to be changed at first login."""

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
    """xa + the commune's code; codes are reused across maps, so a later commune holding an
    earlier one's code gets its year too (xa04792-2025)."""
    username = f"xa{commune.code}"
    if User.objects.filter(username=username).exists():
        username = f"{username}-{(commune.valid_from or timezone.localdate()).year}"
    return username


@transaction.atomic
def commune_accounts_create(*, communes=None, day=None):
    """Create the missing commune accounts (communes in force on `day`, default today).

    Returns [(commune, username, password)] for the accounts created; existing accounts are
    left alone. Passwords are shown once, on the credentials sheet.
    """
    day = day or timezone.localdate()
    if communes is None:
        communes = Commune.objects.valid_on(day)
    communes = communes.filter(accounts__isnull=True).select_related("district", "province")
    group = Group.objects.get(name=Role.COMMUNE)
    created = []
    for commune in communes.order_by("province__search_name", "search_name"):
        password = generated_password()
        user = User.objects.create(
            username=commune_username(commune),
            full_name=f"Đảng ủy {commune.name}",
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
    """The credentials sheet to hand out: one line per commune, with the login address."""
    from django.conf import settings

    from core.exports import Sheet, workbook_bytes

    site = getattr(settings, "SITE_URL", "")
    return workbook_bytes(
        [
            Sheet(
                "Tai khoan",
                [
                    "STT",
                    "Mã xã",
                    "Xã, phường",
                    "Huyện",
                    "Tỉnh",
                    "Tên đăng nhập",
                    "Mật khẩu",
                    "Ghi chú",
                ],
                (
                    (
                        n,
                        c.code,
                        c.name,
                        c.district.name if c.district_id else "",
                        c.province.name,
                        username,
                        password,
                        "Đổi mật khẩu ở lần đăng nhập đầu tiên",
                    )
                    for n, (c, username, password) in enumerate(rows, start=1)
                ),
                widths=[6, 10, 30, 22, 16, 16, 24, 36],
                text_columns={1},
                caption=f"Tài khoản Đảng ủy xã, phường {site}".strip(),
            )
        ]
    )
