"""The personal-data access log (Law 91/2025/QH15): who read which cadre's data, when, where."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import FileResponse

from .models import PersonalDataAccess
from .text import fold


@lru_cache(maxsize=8)
def _networks(trusted):
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(address):
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    return address is not None and any(address in network for network in networks)


def client_ip(request):
    """The address a request came from, for the access log and the login lockout alike.

    `X-Forwarded-For` is believed only when the socket's peer is one of `TRUSTED_PROXIES`;
    anyone else could write any address there. Then the client is the last address in the
    header that is not itself a trusted proxy (each proxy appends the address it saw, so the
    entries left of it are the client's to invent). An entry that is not an address stops the
    walk: the hop that wrote it is the last address we know.
    """
    peer = request.META.get("REMOTE_ADDR") or None
    if not _is_trusted(_address(peer or "")):
        return peer
    known = peer
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        if not entry.strip():
            continue
        address = _address(entry)
        if address is None:
            return known
        known = str(address)
        if not _is_trusted(address):
            return known
    return known


def record_access(request, *, kind, action, obj, label):
    """Log one reading of one person's data (a detail page, a form, a file) by the request's
    user."""
    return _record(request, kind=kind, action=action, object_id=obj.pk, label=label)


# Parameters that page or order a list, or choose its format: not part of what was asked for.
_NOT_FILTERS = {"page", "sort", "format"}


def record_list_access(request, *, kind, label, count, action=None):
    """Log one reading of a list of people's data (a page of a list, or a whole export) as one
    entry: what was filtered, and how many rows were shown or written."""
    filters = [
        f"{key}={value}"
        for key, values in request.GET.lists()
        if key not in _NOT_FILTERS
        for value in values
        if value
    ]
    if filters:
        label = f"{label} ({'; '.join(filters)})"
    if action is None:
        action = (
            PersonalDataAccess.Action.DOWNLOAD
            if request.GET.get("format") == "xlsx"
            else PersonalDataAccess.Action.VIEW
        )
    return _record(request, kind=kind, action=action, label=label, row_count=count)


def _record(request, *, kind, action, label, object_id=None, row_count=None):
    return PersonalDataAccess.objects.create(
        user=request.user,
        kind=kind,
        action=action,
        object_id=object_id,
        row_count=row_count,
        label=str(label)[:300],
        search_label=fold(str(label))[:300],
        ip_address=client_ip(request) or None,
        path=request.get_full_path()[:300],
    )


class Counted:
    """Rows passed through while counting them: an export logs how many it wrote."""

    def __init__(self, rows):
        self.rows = rows
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def logged_download(request, *, kind, obj, label, file, filename, content_type=None):
    """A stored file of personal data, as an attachment with the type we set (never one guessed
    from what was uploaded), its download logged."""
    record_access(
        request, kind=kind, action=PersonalDataAccess.Action.DOWNLOAD, obj=obj, label=label
    )
    return FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
