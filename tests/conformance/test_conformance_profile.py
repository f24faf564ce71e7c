"""``conformance`` takes its credentials from a profile like every other command (issue 18)."""

from __future__ import annotations

from pathlib import Path

from modelarts_vizjobs.stub import DEFAULT_TOKEN
from tests.conformance.conftest import Conform


def test_conformance_with_a_profile_token(served, conform: Conform, tmp_path: Path) -> None:
    base_url, backend = served()
    config = tmp_path / "modelarts-vizjobs" / "config.toml"
    config.parent.mkdir()
    config.write_text('[profiles.stub]\ntoken_env = "STUB_TOKEN"\n')
    env = {
        "MODELARTS_VIZJOBS_TOKEN": None,
        "MODELARTS_VIZJOBS_PROFILE": "stub",
        "XDG_CONFIG_HOME": str(tmp_path),
        "STUB_TOKEN": DEFAULT_TOKEN,
    }
    result = conform(base_url, env=env)
    assert result.exit_code == 0, result.output
    assert backend.journal and all(entry.status != 401 for entry in backend.journal)
