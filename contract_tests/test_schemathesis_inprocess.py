"""Schemathesis against the stub's ASGI app, in process: every phase, every default check.

Each parametrized case meets a fresh world (job 10 RUNNING, the id of every documented sample)
with `TransitionPolicy.immediate()`, so accepted deletes complete at once and `use_after_free`
keeps its meaning. The state machine follows the spec's OpenAPI links from create to get,
update, stop, restart and delete.
"""

from __future__ import annotations

import tomllib
from typing import Any

from hypothesis import HealthCheck, settings
from modelarts_vizjobs_client.models import JobStatus
from schemathesis import Case, CheckFunction
from schemathesis.core.parameters import ParameterLocation
from schemathesis.core.transport import Response

from contract_tests import schemathesis_hooks  # noqa: F401  (registers the hook here too)
from contract_tests._seeding import seed_sample_job
from contract_tests._spec import CONFIG_PATH, load_schema
from contract_tests._tally import TALLY
from modelarts_vizjobs.stub import (
    DEFAULT_PROJECT_ID,
    DEFAULT_TOKEN,
    StubBackend,
    TransitionPolicy,
    create_app,
)

#: Fuzzing examples per operation; coverage and examples cases come on top (counts are printed).
FUZZ_EXAMPLES = 100
#: Scenarios of the link-following state machine, and steps per scenario.
STATEFUL_SCENARIOS = 100
STATEFUL_STEPS = 6

BACKEND = StubBackend()
schema = load_schema()
schema.app = create_app(BACKEND)
AUTH = {"X-Auth-Token": DEFAULT_TOKEN}
# The token goes in the config (== CLI -H) so that every call carries it, the state machine's
# included. In pytest the checks take config headers for generated values, so the calls below
# also name it (`headers=AUTH`) as the caller's own: otherwise `ignored_auth` expects a 401.
schema.config.update(headers=AUTH)


def fresh_world() -> None:
    """Empty stub, immediate transitions, job 10 running (the documented samples' job)."""
    BACKEND.reset()
    BACKEND.set_policy(TransitionPolicy.immediate())
    seed_sample_job(BACKEND, status=JobStatus.RUNNING, job_name="visualization-job")


def test_config_targets_the_stub_project() -> None:
    """The project_id the toml pins is the one the stub's default token is scoped to."""
    config = tomllib.loads(CONFIG_PATH.read_text(encoding="utf-8"))
    assert config["parameters"]["path.project_id"] == DEFAULT_PROJECT_ID


@schema.parametrize()
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_stub_conforms(case: Case[Any]) -> None:
    fresh_world()
    TALLY.record("in-process", case.meta.phase.name if case.meta else "unknown")
    case.call_and_validate(headers=AUTH)


class StubWorkflow(schema.as_state_machine()):  # type: ignore[misc]
    """Link-following scenarios; every step is validated with all configured checks."""

    def setup(self) -> None:
        fresh_world()

    def before_call(self, case: Case[Any]) -> None:
        # The CLI's stateful phase generates with the toml's fixed project_id; the pytest state
        # machine ignores `[parameters]`, so most scenarios would stop at a 403. Pin it here,
        # except where the path was generated invalid on purpose (that case must stay invalid).
        if case.meta is not None and not case.meta.is_negative_at(ParameterLocation.PATH):
            case.path_parameters["project_id"] = DEFAULT_PROJECT_ID
        TALLY.record("in-process stateful", case.meta.phase.name if case.meta else "unknown")
        super().before_call(case)

    def validate_response(
        self,
        response: Response,
        case: Case[Any],
        additional_checks: list[CheckFunction] | None = None,
        **kwargs: Any,
    ) -> None:
        # The base class's call, plus `headers=AUTH` (see the comment at the top).
        case.validate_response(
            response,
            additional_checks=additional_checks,
            headers=AUTH,
            transport_kwargs=kwargs or None,
            recorder=self.recorder,
        )


TestStubWorkflow = StubWorkflow.TestCase
TestStubWorkflow.settings = settings(
    max_examples=STATEFUL_SCENARIOS,
    stateful_step_count=STATEFUL_STEPS,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
