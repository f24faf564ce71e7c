"""The ``otel`` extra costs nothing when it is off: without ``opentelemetry`` installed (hidden
from imports here), or disabled by ``OTEL_PYTHON_DISABLED_INSTRUMENTATIONS``, a client works
and nothing of OpenTelemetry (nor the SDK's ``_otel``) is imported; with it installed, importing
the SDK alone imports none of it either. Each case runs in a fresh interpreter."""

from __future__ import annotations

import textwrap

import pytest

from tests.sdk._helpers import json_from_fresh_python

_CALL = textwrap.dedent(
    """
    import json, sys
    {prelude}
    import modelarts_vizjobs
    imported_by_import = sorted(m for m in sys.modules if m.startswith("opentelemetry"))
    from modelarts_vizjobs import ModelArtsVizJobs
    from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN, StubServer

    with StubServer() as server:
        job = server.backend.seed(DEFAULT_PROJECT_ID)
        with ModelArtsVizJobs(
            project_id=DEFAULT_PROJECT_ID, endpoint=server.base_url, token=DEFAULT_TOKEN
        ) as client:
            client.jobs.delete(job)
            off = client._telemetry is None
    print(json.dumps({{
        "by_import": imported_by_import,
        "after_call": sorted(m for m in sys.modules if m.startswith("opentelemetry")),
        "otel_module": "modelarts_vizjobs._otel" in sys.modules,
        "off": off,
    }}))
    """
)
_HIDE = textwrap.dedent(
    """
    class Hide:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] == "opentelemetry":
                raise ModuleNotFoundError(f"No module named {name!r}")
            return None
    sys.meta_path.insert(0, Hide())
    """
)


def _run(prelude: str, **env: str) -> dict[str, object]:
    result: dict[str, object] = json_from_fresh_python(_CALL.format(prelude=prelude), **env)
    return result


def test_without_the_extra_nothing_is_imported_and_calls_work() -> None:
    seen = _run(_HIDE)
    assert seen == {"by_import": [], "after_call": [], "otel_module": False, "off": True}


def test_disabled_by_the_otel_variable_nothing_is_imported() -> None:
    seen = _run("", OTEL_PYTHON_DISABLED_INSTRUMENTATIONS="requests, modelarts_vizjobs")
    assert seen == {"by_import": [], "after_call": [], "otel_module": False, "off": True}


def test_with_the_extra_only_a_client_loads_the_api() -> None:
    pytest.importorskip("opentelemetry.trace")
    seen = _run("")
    assert seen["by_import"] == []  # `import modelarts_vizjobs` stays as cheap as before
    assert "opentelemetry.trace" in seen["after_call"]  # type: ignore[operator]
    assert "opentelemetry.sdk" not in seen["after_call"]  # type: ignore[operator]
    assert seen["otel_module"] is True and seen["off"] is False
