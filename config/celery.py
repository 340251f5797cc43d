"""The Celery application. Tasks are found in each app's tasks.py; periodic tasks are declared
in settings.CELERY_BEAT_SCHEDULE, the one place for them."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
