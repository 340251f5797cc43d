"""Django's ModelBackend, loading with the user what nearly every page of a commune account
reads: its commune, with the commune's district and province (one join instead of a query on
each page)."""

from django.contrib.auth import backends

from core.prepared import Prepared

# Every request of a signed-in user asks for it: compiled once per process (core.prepared).
_USER = Prepared(
    backends.UserModel,
    lambda _shape, pk: backends.UserModel._default_manager.select_related(
        "commune__district", "commune__province"
    ).filter(pk=pk),
    "pk",
)


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        try:
            user = _USER.get(pk=int(user_id))
        except (TypeError, ValueError, backends.UserModel.DoesNotExist):
            return None
        return user if self.user_can_authenticate(user) else None
