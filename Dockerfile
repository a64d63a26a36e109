# The archive's web image: gunicorn serves the app, whitenoise its static files. See docs/deployment.md.
#
# Two stages. "build" installs the Python packages into a virtualenv, compiles the translations (gettext
# is needed for that alone) and collects the static files; the runtime stage copies the results onto a
# clean slim image that has no compiler, no gettext and no pip cache, and runs as a user without a shell
# login or write access to the code.

FROM python:3.13-slim AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Settings need these to load; they are used for nothing else at build time and are not in the image.
# compilemessages rebuilds locale/*/LC_MESSAGES/django.mo from the .po files, so a stale committed .mo
# never ships; collectstatic writes hashed, compressed files to staticfiles/.
RUN export SECRET_KEY=build-only SUBMISSION_KEY=build-only \
    && python manage.py compilemessages \
    && python manage.py collectstatic --noinput


FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH

# Tesseract (Persian and English) and poppler read scanned documents for search.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-fas poppler-utils \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --create-home --home-dir /home/archive --shell /usr/sbin/nologin archive

WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
# Only uploads and working files are writable; a named volume or S3 holds them in production.
RUN mkdir -p /app/media /app/var/private-media \
    && chown archive:archive /app/media /app/var /app/var/private-media

USER archive
EXPOSE 8000
# The container is healthy while gunicorn answers /healthz (no curl in a slim image: Python's urllib). It
# asks as the site's host, which ALLOWED_HOSTS accepts; /healthz is exempt from the https redirect.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.parse, urllib.request as r; host = urllib.parse.urlsplit(os.environ.get('SITE_URL', 'http://127.0.0.1:8000')).netloc; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': host}), timeout=4)"]
# Port 8000, workers from GUNICORN_WORKERS or WEB_CONCURRENCY, logs on stdout that name no visitor: see
# gunicorn.conf.py.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "archive.wsgi:application"]
