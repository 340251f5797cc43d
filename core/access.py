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
    """Log one reading of personal data by the request's user."""
    return PersonalDataAccess.objects.create(
        user=request.user,
        kind=kind,
        action=action,
        object_id=obj.pk,
        label=str(label)[:300],
        search_label=fold(str(label))[:300],
        ip_address=client_ip(request) or None,
        path=request.get_full_path()[:300],
    )


def logged_download(request, *, kind, obj, label, file, filename, content_type=None):
    """A stored file of personal data, as an attachment with the type we set (never one guessed
    from what was uploaded), its download logged."""
    record_access(
        request, kind=kind, action=PersonalDataAccess.Action.DOWNLOAD, obj=obj, label=label
    )
    return FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
