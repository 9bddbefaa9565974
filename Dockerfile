# Production image: the web server, the Celery worker and beat all run from it.
FROM python:3.11-slim-bookworm

# No bytecode written at run time (the code is read-only for the `ccapex` user), so it is all
# compiled at build time: compileall for the standard library (the base image deletes its
# .pyc files), uv for the dependencies, compileall for the project. Without it each worker
# compiled every module it imported, on every start (2 s on a request's path, measured).
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=ccapex.settings.production

# WeasyPrint needs Pango; the fonts render the PDFs' French text.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# The standard library only: the base image's own site-packages (pip, uv) are not run by
# the application, which uses /opt/venv.
RUN python -m compileall -q -x /site-packages/ \
    "$(python -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')"

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN pip install --no-cache-dir "uv>=0.9,<1" && uv sync --frozen --no-dev --no-install-project

COPY . .
RUN python -m compileall -q /app \
    && SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --no-input \
    && useradd --system --uid 1000 ccapex && mkdir -p /data/media /data/sauvegardes \
    && chown ccapex /data/media /data/sauvegardes
USER ccapex
EXPOSE 8000
