# Switchboard: a small image built from the locked dependencies, running as a non-root user.
#   docker build -t switchboard .
# The build steps are scripts/build_app.sh (CI runs the same script without Docker).
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml uv.lock README.md alembic.ini run ./
COPY alembic alembic
COPY app app
COPY campaigns campaigns
COPY scripts/build_app.sh scripts/build_app.sh
RUN bash scripts/build_app.sh /opt/switchboard

FROM python:3.11-slim-bookworm
RUN useradd --system --uid 10001 --no-create-home --home-dir /opt/switchboard switchboard
COPY --from=build /opt/switchboard /opt/switchboard
WORKDIR /opt/switchboard
USER switchboard
ENV PATH=/opt/switchboard/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    SWITCHBOARD_HOST=0.0.0.0 \
    SWITCHBOARD_PORT=8000
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
# Web: migrations and campaigns are loaded by the release step (see compose.yaml), not by each replica.
CMD ["switchboard", "serve", "--no-setup", "--workers", "2"]
