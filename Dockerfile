# Cadreboard application image: the same image runs web (gunicorn), worker and beat (Celery).
# See docs/operations.md.
FROM python:3.11-slim-bookworm

# DJANGO_SETTINGS_MODULE: manage.py and cadreboard/celery.py default to the *local* settings;
# every process in this image must use production settings, so it is fixed here.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    DJANGO_SETTINGS_MODULE=cadreboard.settings.production

# An unprivileged account runs the application. The code stays owned by root, so a compromised
# process cannot rewrite it; only the media directory is writable.
RUN groupadd --system --gid 10001 cadreboard \
    && useradd --system --uid 10001 --gid cadreboard --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin cadreboard

WORKDIR /app

# Dependencies first, in their own layer, so code changes do not reinstall them. All pinned;
# every one has a wheel (psycopg[binary] brings its own libpq), so no compiler is needed.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Static files are collected once, at build time, into /app/staticfiles (STATIC_ROOT), hashed and
# compressed by whitenoise's manifest storage; the application serves them itself (no CDN, no
# outside host). Production settings require a SECRET_KEY just to load: a dummy one is given to
# this single command only, so it never becomes part of the image's environment. No database
# is touched (DATABASE_URL unset → SQLite path, never opened).
RUN SECRET_KEY=collectstatic-build-only-not-a-secret \
        python manage.py collectstatic --noinput \
    && python -m compileall -q . \
    && mkdir -p /app/media \
    && chown cadreboard:cadreboard /app/media

# No VOLUME instruction: it would give every container (beat, one-off `run`s) an anonymous
# volume. Compose mounts the named `media` volume here; an empty named volume is initialised
# from this directory, owner included, so the unprivileged user can write to it.

USER cadreboard:cadreboard
EXPOSE 8000

# No HEALTHCHECK here: the same image runs worker and beat, which have no HTTP port; each
# docker-compose service declares its own check.
ENTRYPOINT ["/bin/sh", "/app/docker/entrypoint.sh"]
CMD ["serve"]
