# syntax=docker/dockerfile:1
# One image for every role of Resume Engine; the command picks the role (docker-compose.yml):
#   resume-engine serve --host 0.0.0.0 | worker | smtp --host 0.0.0.0 | telegram | migrate | ...
# Build: docker build -t resume-engine .   Run: docker run --rm resume-engine resume-engine --help

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
# Every dependency ships manylinux wheels for linux/amd64 (PyMuPDF, asyncpg, rl-accel), so no
# compiler is needed; the venv is copied whole into the runtime image.
RUN python -m venv /opt/venv
COPY pyproject.toml README.md LICENSE ./
COPY bots ./bots
COPY pipeline ./pipeline
COPY storage ./storage
COPY config ./config
RUN /opt/venv/bin/pip install . && /opt/venv/bin/resume-engine --help >/dev/null

FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    ENVIRONMENT=production
# An unprivileged user; /app holds the SQLite file when DATABASE_URL is left at its default.
RUN useradd --system --uid 10001 --create-home --home-dir /app app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
USER app
# 8000: REST API, Telegram webhook, Slack endpoints; 2525: SMTP inbox (compose maps 25 to it).
EXPOSE 8000 2525
CMD ["resume-engine", "serve", "--host", "0.0.0.0", "--port", "8000"]
