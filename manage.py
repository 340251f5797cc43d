#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # A developer's shell: manage.py runs in DEBUG unless told otherwise. Servers (gunicorn via
    # config/wsgi.py, Celery) get no such default, and production sets DEBUG=0 explicitly.
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
