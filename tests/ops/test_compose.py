"""docker-compose.yml, Dockerfile and .dockerignore: what `docker compose config` would accept
and what the stack needs to start in order.

No Docker engine runs here (`docker compose` is not even installed: only the client), so the
file is loaded with PyYAML (merge keys and anchors resolved the way compose resolves them),
interpolated by the compose rules below, and checked: services, healthchecks, start order,
scalability of the worker, every variable documented, every command a real sub-command.
tests/test_docker_compose.py (the jobs engineer's) covers the base services; this adds the rest.
"""

from __future__ import annotations

import http.server
import json
import re
import shlex
import subprocess
import sys
import threading

import pytest
import yaml
from aiosmtpd.controller import Controller

from bots.cli import build_parser
from config.settings import Settings
from tests.support.processes import ROOT, free_port

APP_SERVICES = ("api", "worker", "smtp", "telegram", "slack")  # run after `migrate`
# ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}; `$$` is a literal `$`.
VARIABLE = re.compile(r"(?<!\$)\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-?])?(?P<arg>[^}]*)\}")


def interpolate(text: str, env: dict[str, str]) -> str:
    """Compose's interpolation (compose-spec 12-interpolation.md), enough for this file.

    Raises:
        ValueError: a `${VAR:?message}` (or `?`) variable is missing, with the message, as
            `docker compose config` would fail.
    """

    def one(match: re.Match[str]) -> str:
        name, op, arg = match["name"], match["op"] or "", match["arg"]
        value = env.get(name)
        if op in (":-", ":?") and not value:
            value = None
        if value is not None:
            return value
        if op.endswith("?"):
            raise ValueError(f"required variable {name} is missing a value: {arg}")
        return arg if op else ""

    return VARIABLE.sub(one, text).replace("$$", "$")


@pytest.fixture(scope="module")
def raw() -> str:
    return (ROOT / "docker-compose.yml").read_text()


@pytest.fixture(scope="module")
def compose(raw: str) -> dict:
    return yaml.safe_load(interpolate(raw, {"POSTGRES_PASSWORD": "pw", "API_KEYS": "k"}))


@pytest.fixture(scope="module")
def services(compose: dict) -> dict:
    return compose["services"]


@pytest.fixture(scope="module")
def subcommands() -> set[str]:
    """The sub-commands `resume-engine --help` lists, from a real subprocess."""
    result = subprocess.run(
        [sys.executable, "-m", "bots", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    block = result.stdout.split("positional arguments:", 1)[1].split("options:", 1)[0]
    return set(re.findall(r"^ {4}(\w+)", block, re.MULTILINE))


def test_required_secrets_are_guarded_and_the_guard_says_what_to_set(raw):
    for name in ("POSTGRES_PASSWORD", "API_KEYS"):
        env = {"POSTGRES_PASSWORD": "pw", "API_KEYS": "k"}
        del env[name]
        with pytest.raises(ValueError, match=f"{name} is missing a value: set {name}"):
            interpolate(raw, env)
    # Every use of them is guarded, not only the first one.
    for name in ("POSTGRES_PASSWORD", "API_KEYS"):
        uses = [m for m in VARIABLE.finditer(raw) if m["name"] == name]
        assert uses and all(m["op"] == ":?" for m in uses), name


def test_every_variable_is_documented_in_env_example(raw):
    documented = set(
        re.findall(r"^([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.MULTILINE)
    )
    used = {m["name"] for m in VARIABLE.finditer(raw)}
    assert used, "no variables found: the pattern is wrong"
    assert used - documented == set(), "add these to .env.example"


def test_app_environment_names_are_real_settings(compose):
    """A typo (GEMINI__MODLE) would be silently ignored by pydantic-settings."""
    env = compose["x-app-env"]
    compose_only = {"DATABASE_URL", "REDIS_URL"}  # real settings too, checked below
    fields = Settings.model_fields
    for name in env:
        group, _, key = name.lower().partition("__")
        assert group in fields, name
        if key:
            model = fields[group].annotation
            names = {f.alias or n for n, f in model.model_fields.items()} | set(model.model_fields)
            assert key in names, name
    assert compose_only <= set(env)
    assert env["DATABASE_URL"] == "postgres://resume:pw@postgres:5432/resume"
    assert env["REDIS_URL"] == "redis://redis:6379/0"


def test_services_and_profiles(services):
    assert {"redis", "postgres", "migrate", "api", "worker", "smtp", "telegram"} <= set(services)
    assert services["telegram"]["profiles"] == ["telegram-polling"]
    default = {name for name, s in services.items() if not s.get("profiles")}
    assert default == {"redis", "postgres", "migrate", "api", "worker", "smtp"}
    assert services["api"]["ports"] == ["8000:8000"]
    assert services["smtp"]["ports"] == ["25:2525"]


def test_healthchecks(services):
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert "pg_isready" in services["postgres"]["healthcheck"]["test"][1]
    # `$$` survived as a shell variable for the container, not a compose variable.
    assert "${POSTGRES_USER}" in services["postgres"]["healthcheck"]["test"][1]
    api = services["api"]["healthcheck"]["test"]
    assert api[:3] == ["CMD", "python", "-c"] and "/healthz" in api[3]
    for name in ("worker", "telegram", "slack"):
        assert services[name]["healthcheck"]["test"][1:3] == ["resume-engine", "health"], name
    assert "smtplib" in services["smtp"]["healthcheck"]["test"][3]
    for name, service in services.items():
        test = service.get("healthcheck", {}).get("test", [])
        if test[:3] == ["CMD", "python", "-c"]:
            compile(test[3], f"{name} healthcheck", "exec")  # a typo here = never healthy
    assert "healthcheck" not in services["migrate"], "one-shot: it exits, it is not served"


def test_start_order(services):
    for name in APP_SERVICES:
        depends = services[name]["depends_on"]
        assert depends == {
            "redis": {"condition": "service_healthy"},
            "postgres": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }, name
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert services["migrate"]["restart"] == "no", "a one-shot step must not loop"


def test_worker_scales(services):
    worker = services["worker"]
    assert "container_name" not in worker and "ports" not in worker and "hostname" not in worker
    assert all("container_name" not in s for s in services.values())


def test_commands_are_real_subcommands_with_valid_arguments(services, subcommands):
    assert {"migrate", "serve", "worker", "smtp", "telegram", "health"} <= subcommands
    parser = build_parser()
    argvs = {name: services[name]["command"] for name in (*APP_SERVICES, "migrate")}
    argvs |= {
        f"{name} healthcheck": s["healthcheck"]["test"][1:]
        for name, s in services.items()
        if s.get("healthcheck", {}).get("test", [None, None])[1] == "resume-engine"
    }
    for name, argv in argvs.items():
        assert argv[0] == "resume-engine", name
        assert argv[1] in subcommands, name
        args = parser.parse_args(argv[1:])  # argparse exits (SystemExit) on a bad argument
        assert args.command == argv[1]
    serve = parser.parse_args(services["api"]["command"][1:])
    assert (serve.host, serve.port) == ("0.0.0.0", 8000)  # noqa: S104 - inside the container
    smtp = parser.parse_args(services["smtp"]["command"][1:])
    assert (smtp.host, smtp.port) == ("0.0.0.0", 2525)  # noqa: S104


def test_dockerfile_cmd_and_copies(subcommands):
    text = (ROOT / "Dockerfile").read_text()
    cmd = re.search(r"^CMD (\[.*\])$", text, re.MULTILINE)
    assert cmd, "CMD must be in exec (JSON) form so signals reach the process"
    argv = json.loads(cmd[1])
    assert argv[0] == "resume-engine" and argv[1] in subcommands
    build_parser().parse_args(argv[1:])
    for line in re.findall(r"^COPY (?!--from)(.+)$", text, re.MULTILINE):
        *sources, _target = shlex.split(line)
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
    assert re.search(r"^FROM python:3\.11", text, re.MULTILINE)


def test_dockerignore_keeps_secrets_and_local_state_out():
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".env", ".venv", ".git", "data"} <= ignored


def run_snippet(code: str) -> int:
    """A healthcheck's ``python -c`` snippet, as the container would run it (exit status)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=30).returncode


def test_api_healthcheck_passes_on_200_and_fails_otherwise(services):
    answer = {"status": 200}

    class Probe(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(answer["status"] if self.path == "/healthz" else 404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Probe)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        code = services["api"]["healthcheck"]["test"][3]
        assert "127.0.0.1:8000" in code
        code = code.replace("127.0.0.1:8000", f"127.0.0.1:{server.server_port}")
        assert run_snippet(code) == 0
        answer["status"] = 503
        assert run_snippet(code) != 0
    finally:
        server.shutdown()
        server.server_close()


def test_smtp_healthcheck_speaks_smtp(services):
    code = services["smtp"]["healthcheck"]["test"][3]
    assert "2525" in code
    port = free_port()
    controller = Controller(object(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert run_snippet(code.replace("2525", str(port))) == 0
    finally:
        controller.stop()
    assert run_snippet(code.replace("2525", str(port))) != 0, "nothing listening: unhealthy"
