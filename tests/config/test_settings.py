"""Every setting is documented (in .env.example and the README) and read as documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from config.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def env_names(model: type[BaseModel] = Settings, prefix: str = "") -> list[str]:
    names = []
    for name, field in model.model_fields.items():
        env = (field.alias or name).upper()
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names += env_names(annotation, f"{prefix}{env}__")
        else:
            names.append(prefix + env)
    return names


@pytest.mark.parametrize("doc", [".env.example", "README.md"])
def test_every_setting_is_documented(doc: str) -> None:
    text = (ROOT / doc).read_text()
    missing = [name for name in env_names() if name not in text]
    assert not missing, f"{doc} does not document {missing}"


def test_nested_names_and_lists_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM__BOT_TOKEN", "123:abc")
    monkeypatch.setenv("EMAIL__INBOX_ADDRESSES", "a@example.com, b@example.com")
    monkeypatch.setenv("EMAIL__FROM", "bot@example.com")
    monkeypatch.setenv("API_KEYS", "k1,k2")
    monkeypatch.setenv("SENTRY_DSN", "")  # empty means unset
    s = Settings(_env_file=None)
    assert s.telegram.enabled and s.telegram.bot_token.get_secret_value() == "123:abc"
    assert s.email.inbox_addresses == ["a@example.com", "b@example.com"]
    assert s.email.from_address == "bot@example.com"
    assert [k.get_secret_value() for k in s.api_keys] == ["k1", "k2"]
    assert s.sentry_dsn is None
    assert not s.slack.enabled and not s.gemini.enabled
