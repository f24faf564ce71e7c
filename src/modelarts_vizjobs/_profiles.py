"""Named profiles: a TOML file at the XDG location that says, per name, which endpoint or region,
which project and where the credentials come from, so switching project or region is one name
instead of three variables (what aws, hcloud and gcloud users already do).

``$XDG_CONFIG_HOME/modelarts-vizjobs/config.toml`` (default ``~/.config/...``)::

    [profiles.prod]
    region = "eu-de"                    # or endpoint = "https://..."
    project_id = "0123456789abcdef0123456789abcdef"
    access_key_env = "PROD_AK"          # names of variables holding the credentials,
    secret_key_env = "PROD_SK"          # or token_env = "...", security_token_env = "..."

    [profiles.test]
    endpoint = "http://127.0.0.1:8080"
    project_id = "0123456789abcdef0123456789abcdef"
    credentials_file = "~/.config/modelarts-vizjobs/test.credentials"  # TOML: token = "..."

Secrets are never in the config file itself: they come from variables it names, or from a
credentials file that is refused when its group or others may read it.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ._errors import ConfigurationError

__all__ = ["ENV_PROFILE", "config_path", "profile_settings"]

ENV_PROFILE = "MODELARTS_VIZJOBS_PROFILE"
CREDENTIALS = ("token", "access_key", "secret_key", "security_token")
_PLAIN = ("endpoint", "region", "project_id")
_KEYS = frozenset({*_PLAIN, *(f"{name}_env" for name in CREDENTIALS), "credentials_file"})


def config_path(environ: Mapping[str, str]) -> Path:
    """The config file: under ``$XDG_CONFIG_HOME`` when it is an absolute path (the XDG rule),
    else under ``~/.config``."""
    base = environ.get("XDG_CONFIG_HOME", "")
    home = Path(environ.get("HOME") or Path.home())
    root = Path(base) if os.path.isabs(base) else home / ".config"
    return root / "modelarts-vizjobs" / "config.toml"


def _load(path: Path, what: str) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigurationError(f"{what} {path} does not exist") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(f"{what} {path} cannot be read: {exc}") from None


def _texts(table: dict[str, Any], allowed: frozenset[str], where: str) -> dict[str, str]:
    unknown = sorted(set(table) - allowed)
    if unknown:
        known = ", ".join(sorted(allowed))
        raise ConfigurationError(f"{where}: unknown key(s) {', '.join(unknown)} (known: {known})")
    for key, value in table.items():
        if not isinstance(value, str) or not value:
            raise ConfigurationError(f"{where}: {key} must be a non-empty string")
    return table


def profile_settings(name: str, environ: Mapping[str, str]) -> dict[str, str]:
    """The settings profile *name* gives (keys as ``from_env`` takes them); ConfigurationError
    naming the file and the key when the file, the profile or a credential is missing or bad."""
    path = config_path(environ)
    profiles = _load(path, f"profile {name!r}: the config file").get("profiles", {})
    profile = profiles.get(name) if isinstance(profiles, dict) else None
    if not isinstance(profile, dict):
        names = ", ".join(sorted(profiles)) if isinstance(profiles, dict) else ""
        raise ConfigurationError(
            f"no [profiles.{name}] in {path} (profiles there: {names or 'none'})"
        )
    where = f"profile {name!r} in {path}"
    table = _texts(profile, _KEYS, where)
    found = {key: table[key] for key in _PLAIN if key in table}
    for credential in CREDENTIALS:
        variable = table.get(f"{credential}_env")
        if variable is not None:
            value = environ.get(variable)
            if not value:
                raise ConfigurationError(f"{where}: {credential}_env names {variable}, not set")
            found[credential] = value
    if "credentials_file" in table:
        found.update(_credentials_file(Path(table["credentials_file"]).expanduser(), where))
    return found


def _credentials_file(path: Path, where: str) -> dict[str, str]:
    """``token`` or ``access_key``/``secret_key`` (``security_token``) from a TOML file only its
    owner may read."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise ConfigurationError(f"{where}: credentials_file {path}: {exc.strerror}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigurationError(
            f"{where}: credentials_file {path} is open to group or others "
            f"(mode {stat.S_IMODE(mode):o}): run chmod 600 {path}"
        )
    table = _load(path, f"{where}: credentials_file")
    return _texts(table, frozenset(CREDENTIALS), f"credentials_file {path}")
