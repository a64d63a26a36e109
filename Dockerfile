# The archive's web image: gunicorn serves the app, whitenoise its static files.
# Production hardening (multi-stage build, healthcheck) comes with the deployment work; gunicorn.conf.py
# keeps visitors out of the logs.
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
# collectstatic needs settings to load; these keys are used for nothing else at build time.
RUN SECRET_KEY=collectstatic-only SUBMISSION_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && mkdir -p /app/media /app/var && chown archive:archive /app/media /app/var

USER archive
EXPOSE 8000
# Port 8000, 3 workers, logs on stdout that name no visitor: see gunicorn.conf.py.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "archive.wsgi:application"]
