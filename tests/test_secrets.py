"""Mail passwords come from an env var or the keyring, never from the config file."""

from __future__ import annotations

import pytest

from meetup.errors import ConfigError
from meetup.secrets import password_for

ARGS = {"section_name": "mail", "default_env": "TEST_SECRET_PW", "service": "meetup-smtp", "username": "alex"}


def test_env_var_named_by_password_env_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_PW", "from-env")
    monkeypatch.setattr("keyring.get_password", lambda *_: "from-keyring")
    assert password_for({"password_env": "MY_PW"}, **ARGS) == "from-env"


def test_keyring_when_the_env_var_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEST_SECRET_PW", raising=False)
    asked: list[tuple[str, str]] = []

    def lookup(service: str, user: str) -> str:
        asked.append((service, user))
        return "kr"

    monkeypatch.setattr("keyring.get_password", lookup)
    assert password_for({}, **ARGS) == "kr" and asked == [("meetup-smtp", "alex")]


def test_a_broken_keyring_backend_is_just_no_password(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> str:
        raise RuntimeError("no backend")

    monkeypatch.delenv("TEST_SECRET_PW", raising=False)
    monkeypatch.setattr("keyring.get_password", broken)
    with pytest.raises(ConfigError, match=r"set \$TEST_SECRET_PW or `keyring set meetup-smtp alex`"):
        password_for({}, **ARGS)


def test_a_password_in_the_config_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_SECRET_PW", "x")
    with pytest.raises(ConfigError, match=r"\[mail\] password must not be in the config file"):
        password_for({"password": "hunter2"}, **ARGS)
