# Production image: gunicorn serving Django, static files collected at build (whitenoise serves them).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --create-home --uid 1000 app

COPY pyproject.toml constraints.txt README.md ./
COPY psoas_tracker ./psoas_tracker
COPY apps ./apps
RUN pip install --no-cache-dir -c constraints.txt .

COPY manage.py gunicorn.conf.py ./
COPY templates ./templates
COPY static ./static
# collectstatic needs settings, not a database: give it throwaway values for the build only.
RUN DEBUG=0 SECRET_KEY=build-only-not-secret DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput

USER app
EXPOSE 8000
# Settings in gunicorn.conf.py (read from the working folder).
CMD ["gunicorn", "psoas_tracker.wsgi"]
