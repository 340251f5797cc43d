"""Django's ModelBackend, loading with the user what nearly every page of a commune account
reads: its commune, with the commune's district and province (one join instead of a query on
each page)."""

from django.contrib.auth import backends


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        users = backends.UserModel._default_manager.select_related(
            "commune__district", "commune__province"
        )
        try:
            user = users.get(pk=user_id)
        except backends.UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
