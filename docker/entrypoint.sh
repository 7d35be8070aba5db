#!/bin/sh
# Entrypoint of every Cadreboard container (web, worker, beat, one-off commands).
#
#   serve              gunicorn only (the image's default command)
#   migrate-and-serve  `manage.py migrate`, then gunicorn (the compose `web` service: migrations
#                      run exactly once per deployment, before any request is served)
#   anything else      run as given: `celery -A cadreboard worker ...`, `python manage.py ...`
#
# `exec` replaces this shell, so gunicorn / celery receive SIGTERM from `docker stop` directly
# and shut down gracefully.
set -eu

serve() {
    # GUNICORN_WORKERS: sync worker processes (default 3). Further gunicorn options can be given
    # in GUNICORN_CMD_ARGS (e.g. "--timeout 60"), which gunicorn reads itself.
    # --worker-tmp-dir /dev/shm: the heartbeat file on tmpfs, not on the container's overlay
    # filesystem, where a slow fchmod can get healthy workers killed (gunicorn docs, "Blocking
    # OS calls").
    exec gunicorn cadreboard.wsgi:application \
        --bind 0.0.0.0:8000 \
        --workers "${GUNICORN_WORKERS:-3}" \
        --worker-tmp-dir /dev/shm \
        --access-logfile -
}

case "${1:-serve}" in
    serve)
        serve
        ;;
    migrate-and-serve)
        python manage.py migrate --noinput
        serve
        ;;
    *)
        exec "$@"
        ;;
esac
