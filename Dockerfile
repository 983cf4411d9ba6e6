# One image for the web process (gunicorn) and the Celery worker; configured only by environment.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print('\\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
      > /tmp/requirements.txt \
 && pip install --no-cache-dir -c constraints.txt -r /tmp/requirements.txt

COPY . .
# Build-time only values: collecting static files and compiling messages need no real secret.
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py compilemessages -i .venv \
 && DJANGO_DEBUG=0 DJANGO_SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py collectstatic --noinput

RUN useradd --system --home /app skills4cities && mkdir -p /app/media /app/private_media \
 && chown skills4cities /app/media /app/private_media
USER skills4cities
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
