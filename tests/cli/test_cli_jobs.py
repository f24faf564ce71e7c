"""`jobs ...` against the real stub over a socket: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import logging
import re
import socket

from modelarts_vizjobs_client.models.job_status import JobStatus

from modelarts_vizjobs import _config
from modelarts_vizjobs.cli import ExitCode
from modelarts_vizjobs.stub import TransitionPolicy
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.cli._helpers import Invoke, single_error


def test_create_get_update_list_round_trip(invoke: Invoke) -> None:
    created = invoke(
        "--json",
        "jobs",
        "create",
        "--name",
        "tb-demo",
        "--train-url",
        "/obs/demo/",
        "--type",
        "MindInsight",
        "--auto-stop-hours",
        "3",
    )
    assert created.exit_code == 0, created.output
    job_id = str(json.loads(created.stdout)["job_id"])

    updated = invoke("jobs", "update", job_id, "--description", "curves of run 7")
    assert (updated.exit_code, updated.stdout) == (0, f"updated job {job_id}\n")

    got = invoke("--json", "jobs", "get", job_id)
    details = json.loads(got.stdout)
    assert (details["name"], details["description"]) == ("tb-demo", "curves of run 7")
    assert details["auto_stop_hours"] == 3

    human = invoke("jobs", "get", job_id).stdout
    assert re.search(r"^status: +RUNNING\(8\)$", human, re.M), human  # immediate policy
    assert re.search(r"^auto stop: +after 3 h$", human, re.M), human

    listed = invoke("jobs", "list").stdout.splitlines()
    assert listed[0].split() == ["ID", "NAME", "STATUS", "CREATED", "DESCRIPTION"]
    assert listed[1].split()[:3] == [job_id, "tb-demo", "RUNNING(8)"]
    assert listed[1].endswith("curves of run 7")


def test_list_filters_sorts_and_limits_on_the_server(
    invoke: Invoke, modelarts_stub: StubHandle
) -> None:
    seed = modelarts_stub.backend.seed
    project = modelarts_stub.project_id
    running = [seed(project, job_name=name) for name in ("b-run", "a-run", "c-run")]
    seed(project, status=JobStatus.KILLED, job_name="a-killed")

    result = invoke(
        "--json", "jobs", "list", "--status", "running", "--sort-by", "job_name", "--order", "desc"
    )
    names = [job["name"] for job in json.loads(result.stdout)]
    assert names == ["c-run", "b-run", "a-run"]

    by_code = json.loads(invoke("--json", "jobs", "list", "--status", "12").stdout)
    assert [job["name"] for job in by_code] == ["a-killed"]

    limited = json.loads(invoke("--json", "jobs", "list", "--limit", "2").stdout)
    assert [job["job_id"] for job in limited] == running[:2]

    searched = invoke("jobs", "list", "--search", "killed").stdout.splitlines()
    assert len(searched) == 2 and "KILLED(12)" in searched[1]


def test_empty_list_says_so(invoke: Invoke) -> None:
    result = invoke("jobs", "list")
    assert (result.exit_code, result.stdout) == (0, "no jobs\n")
    assert json.loads(invoke("--json", "jobs", "list").stdout) == []


def test_delete_wait_polls_until_the_job_is_gone(
    invoke: Invoke, modelarts_stub: StubHandle
) -> None:
    modelarts_stub.backend.set_policy(TransitionPolicy.after_reads(2))
    job_id = modelarts_stub.backend.seed(modelarts_stub.project_id)

    result = invoke("--json", "jobs", "delete", str(job_id), "--wait", "--poll-interval", "0.01")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"deleted": [job_id], "waited": True, "errors": []}
    polls = [e for e in modelarts_stub.backend.journal if e.method == "GET"]
    assert [e.status for e in polls] == [200, 404]  # KILLING once, then gone
    gone = invoke("jobs", "get", str(job_id))
    assert gone.exit_code == ExitCode.NOT_FOUND
    assert single_error(gone.stderr)["code"] == "ModelArts.0102"


def test_delete_without_wait_is_only_accepted(invoke: Invoke, modelarts_stub: StubHandle) -> None:
    modelarts_stub.backend.set_policy(TransitionPolicy.after_reads(2))
    job_id = str(modelarts_stub.backend.seed(modelarts_stub.project_id))

    result = invoke("jobs", "delete", job_id)

    assert result.exit_code == 0
    assert result.stdout.startswith(f"job {job_id}: delete accepted")
    assert "KILLING(9)" in invoke("jobs", "get", job_id).stdout


def test_deleting_a_killing_job_exits_5_with_one_error_line(
    invoke: Invoke, modelarts_stub: StubHandle
) -> None:
    job_id = modelarts_stub.backend.seed(modelarts_stub.project_id, status=JobStatus.KILLING)

    result = invoke("jobs", "delete", str(job_id))

    assert result.exit_code == ExitCode.STATE_CONFLICT
    assert result.stdout == ""
    error = single_error(result.stderr)
    assert error["code"] == "ModelArts.0105"
    assert error["message"] == "This job can't be delete. job status: 9"


def test_deleting_several_jobs_reports_each_failure(
    invoke: Invoke, modelarts_stub: StubHandle
) -> None:
    seed, project = modelarts_stub.backend.seed, modelarts_stub.project_id
    ok, killing = seed(project), seed(project, status=JobStatus.KILLING)

    result = invoke("jobs", "delete", "999", str(ok), str(killing), "--wait")

    assert result.exit_code == ExitCode.NOT_FOUND  # the first failed id, in argument order
    assert result.stdout == f"job {ok}: deleted\n"
    first, second = result.stderr.splitlines()
    assert first.startswith("error: job 999: ModelArts.0102: ")
    assert second.startswith(f"error: job {killing}: ModelArts.0105: ")


def test_stop_and_restart_wait_for_the_final_status(
    invoke: Invoke, modelarts_stub: StubHandle
) -> None:
    modelarts_stub.backend.set_policy(TransitionPolicy.after_reads(1))
    job_id = str(modelarts_stub.backend.seed(modelarts_stub.project_id))

    stopped = invoke("jobs", "stop", job_id, "--wait", "--poll-interval", "0.01")
    assert (stopped.exit_code, stopped.stdout) == (0, f"stop of job {job_id} done: KILLED(12)\n")

    restarted = invoke("--json", "jobs", "restart", job_id, "--wait", "--poll-interval", "0.01")
    assert restarted.exit_code == 0, restarted.output
    assert json.loads(restarted.stdout)["status"] == JobStatus.RUNNING

    again = invoke("jobs", "restart", job_id)
    assert again.exit_code == ExitCode.STATE_CONFLICT
    assert single_error(again.stderr)["message"] == "This job can't be resubmit. job status: 8"


def test_create_wait_reports_running_and_gives_up_with_exit_7(
    invoke: Invoke, modelarts_stub: StubHandle
) -> None:
    args = ["jobs", "create", "--name", "tb-1", "--train-url", "/obs/x/", "--wait"]
    args += ["--poll-interval", "0.01"]
    modelarts_stub.backend.set_policy(TransitionPolicy.after_reads(1))
    assert invoke(*args).stdout == "created job 1 (tb-1): RUNNING(8)\n"
    as_json = json.loads(invoke("--json", *args).stdout)
    assert (as_json["job_id"], as_json["status"]) == (2, JobStatus.RUNNING)

    modelarts_stub.backend.set_policy(TransitionPolicy.after_seconds(60))
    result = invoke(*args, "--timeout", "0.3")

    assert result.exit_code == ExitCode.WAIT_TIMEOUT
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: job 3 not running after ")


def test_unknown_job_exits_4(invoke: Invoke) -> None:
    result = invoke("jobs", "get", "4242")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert single_error(result.stderr)["message"] == (
        "The visualization job does not exist. job id: 4242"
    )


def test_bad_token_exits_3_and_never_shows_the_token(invoke: Invoke) -> None:
    secret = "not-a-valid-token-3f9a"
    by_option = invoke("-vv", "--token", secret, "jobs", "list")
    by_env = invoke("jobs", "list", env={_config.ENV_TOKEN: secret})

    for result in (by_option, by_env):
        assert result.exit_code == ExitCode.AUTH
        assert "ModelArts.0203" in result.stderr
        assert secret not in result.output
    assert single_error(by_env.stderr)["code"] == "ModelArts.0203"


def test_a_token_with_a_newline_is_a_usage_error_that_does_not_show_it(invoke: Invoke) -> None:
    secret = "iam-token-read-from-a-file-7c1d"
    result = invoke("jobs", "list", env={_config.ENV_TOKEN: secret + "\n"})
    assert result.exit_code == ExitCode.USAGE
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: token must be printable ASCII")
    assert secret not in result.output


def test_json_errors_print_an_error_object(invoke: Invoke) -> None:
    result = invoke("--json", "jobs", "get", "4242")
    assert result.exit_code == ExitCode.NOT_FOUND
    error = json.loads(result.stdout)["error"]
    assert error == {
        "type": "NotFoundError",
        "status_code": 404,
        "error_code": "ModelArts.0102",
        "error_message": "The visualization job does not exist. job id: 4242",
        "request_id": error["request_id"],
    }
    assert error["request_id"] and single_error(result.stderr)["code"] == "ModelArts.0102"


def test_other_projects_credentials_exit_3(invoke: Invoke, modelarts_stub: StubHandle) -> None:
    result = invoke("jobs", "list", env={_config.ENV_TOKEN: modelarts_stub.other_token})
    assert result.exit_code == ExitCode.AUTH
    assert single_error(result.stderr)["code"] == "ModelArts.0210"


def test_aksk_from_the_environment_signs_requests(
    invoke: Invoke, modelarts_stub: StubHandle
) -> None:
    modelarts_stub.backend.seed(modelarts_stub.project_id, job_name="signed")
    env = {
        _config.ENV_TOKEN: None,
        _config.ENV_ACCESS_KEY: modelarts_stub.access_key,
        _config.ENV_SECRET_KEY: modelarts_stub.secret_key,
    }

    result = invoke("-vv", "jobs", "list", env=env)

    assert result.exit_code == 0, result.output
    assert "signed" in result.stdout
    received = modelarts_stub.backend.journal[-1].headers
    assert "x-sdk-date" in received and "x-auth-token" not in received
    assert modelarts_stub.secret_key not in result.output
    assert "'authorization': '***'" in result.stderr
    assert re.search(r"Signature=[0-9a-f]{64}", result.output) is None


def test_missing_configuration_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("jobs", "list", env={_config.ENV_TOKEN: None})
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("error: missing settings: credentials (")
    assert len(result.stderr.splitlines()) == 1


def test_unreachable_endpoint_exits_6(invoke: Invoke) -> None:
    with socket.socket() as sock:  # a port nobody listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    result = invoke("--max-retries", "0", "--endpoint", f"http://127.0.0.1:{port}", "jobs", "list")

    assert result.exit_code == ExitCode.CONNECTION
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and f"127.0.0.1:{port}" in line


def test_bad_arguments_are_usage_errors(invoke: Invoke) -> None:
    click_checks = (["jobs", "list", "--status", "BOGUS"], ["jobs", "list", "--status", "²"])
    for args in (*click_checks, ["jobs", "delete"]):
        result = invoke(*args)
        assert result.exit_code == ExitCode.USAGE, args
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), args
    sdk_checks = (
        ["jobs", "get", ".."],
        ["jobs", "list", "--status", "23"],
        ["--endpoint", "http://[::1", "jobs", "list"],
    )
    for args in sdk_checks:
        result = invoke(*args)
        assert result.exit_code == ExitCode.USAGE, args
        (line,) = result.stderr.splitlines()
        assert line.startswith("error: "), args


def test_verbose_logs_the_sdk_without_credentials_and_cleans_up(
    invoke: Invoke, modelarts_stub: StubHandle
) -> None:
    sdk_logger = logging.getLogger("modelarts_vizjobs")
    handlers, level = list(sdk_logger.handlers), sdk_logger.level

    result = invoke("-vv", "jobs", "list")

    assert result.exit_code == 0
    assert "modelarts_vizjobs DEBUG request GET " in result.stderr
    assert "modelarts_vizjobs INFO GET /v1/" in result.stderr
    assert modelarts_stub.token not in result.output
    assert (sdk_logger.handlers, sdk_logger.level) == (handlers, level)


def test_status_codes_outside_the_table_stay_numbers(
    invoke: Invoke, modelarts_stub: StubHandle
) -> None:
    job_id = modelarts_stub.backend.seed(modelarts_stub.project_id, status=23)

    assert re.search(r"^status: +23$", invoke("jobs", "get", str(job_id)).stdout, re.M)
    assert json.loads(invoke("--json", "jobs", "list").stdout)[0]["status"] == 23
