from django.conf import settings


def organisation(request):
    return {"DEBUG": settings.DEBUG}
