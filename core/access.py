"""The personal-data access log (Law 91/2025/QH15): who read which cadre's data, when, where."""

from django.http import FileResponse

from .models import PersonalDataAccess
from .text import fold


def client_ip(request):
    # Behind the proxy the address arrives in X-Forwarded-For (django-axes reads it the same
    # way); the first entry is the client's.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR")


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


def logged_download(request, *, kind, obj, label, file, filename):
    """A stored file of personal data, as an attachment, its download logged."""
    record_access(
        request, kind=kind, action=PersonalDataAccess.Action.DOWNLOAD, obj=obj, label=label
    )
    return FileResponse(file.open("rb"), as_attachment=True, filename=filename)
