from django.contrib.auth.decorators import login_required, permission_required


def can(perm):
    """Anonymous users go to the login page; logged-in users without the permission get 403."""

    def decorate(view):
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorate
