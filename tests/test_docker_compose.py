"""docker-compose.yml and Dockerfile are consistent (no engine here: `docker compose config`
cannot run, so the structure it would check is checked with a YAML parser)."""

from __future__ import annotations

import yaml

from tests.support.processes import ROOT


def test_compose_services_wait_for_healthy_dependencies_and_migrations():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"redis", "postgres", "migrate", "worker", "api"} <= set(services)
    for name in ("redis", "postgres", "worker", "api"):
        assert "healthcheck" in services[name], name
    for name in ("worker", "api"):
        depends = services[name]["depends_on"]
        assert depends["redis"]["condition"] == "service_healthy"
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://")
    assert services["migrate"]["command"] == ["resume-engine", "migrate"]
    assert services["worker"]["command"][:2] == ["resume-engine", "worker"]
    assert "--appendonly" in services["redis"]["command"], "queued messages survive a restart"


def test_dockerfile_installs_the_package_and_runs_as_a_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for package in ("bots", "config", "pipeline", "storage"):
        assert f"COPY {package} ./{package}" in dockerfile
    assert "pip install ." in dockerfile and "\nUSER " in dockerfile
