# The web app, the Celery worker and Celery beat share this image (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings

# WeasyPrint needs Pango; the fonts it embeds ship in static/fonts.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
       libffi8 shared-mime-info \
    && rm -rf /var/lib/apt/lists/*

# pg_dump and pg_restore for `manage.py backup` / `restore` (README: Backup and restore). A
# client older than the server refuses to dump it, so its major version is the one of the
# postgres image in docker-compose.yml (16); bookworm ships 15, so it comes from PGDG, whose
# signing key postgresql-common carries.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends postgresql-client-16 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml requirements.lock ./
COPY . .
RUN pip install -c requirements.lock . \
    && useradd --system --home /app theodoi \
    && mkdir -p /app/media /app/staticfiles /app/keys \
    && chown -R theodoi /app/media /app/staticfiles /app/keys && chmod 700 /app/keys

# collectstatic needs settings but no database or real secret.
RUN SECRET_KEY=build-only-not-secret DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --no-input -v 0

USER theodoi
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--timeout", "60"]
