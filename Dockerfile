# The archive's web image: gunicorn serves the app, whitenoise its static files.
# Production hardening (multi-stage build, config file, healthcheck) comes with the deployment work.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Tesseract (Persian and English) and poppler read scanned documents for search.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-fas poppler-utils \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --create-home --home-dir /home/archive archive

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# collectstatic needs settings to load; the key is used for nothing else at build time.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && mkdir -p /app/media /app/var && chown archive:archive /app/media /app/var

USER archive
EXPOSE 8000
CMD ["gunicorn", "archive.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
