"""``modelarts-vizjobs``: the visualization-jobs API from a shell, the stub server, and a tour.

Commands::

    modelarts-vizjobs tour                          end-to-end tour on an embedded stub
    modelarts-vizjobs stub serve [--port N] ...     run the stub server in the foreground
    modelarts-vizjobs jobs list|get|create|update|stop|restart|delete ...

Credentials come from the environment (``HUAWEICLOUD_SDK_AK`` / ``HUAWEICLOUD_SDK_SK`` /
``HUAWEICLOUD_SDK_SECURITY_TOKEN`` for AK/SK signing, or an IAM token) or the global options;
they are never printed.

Exit codes::

    0  success
    1  API error (any other error answer, or a response that does not parse)
    2  usage error (bad option or argument, missing credentials or endpoint)
    3  authentication or permission error (HTTP 401 / 403)
    4  job not found (ModelArts.0102, HTTP 404)
    5  job state conflict (ModelArts.0105, e.g. deleting a job that is being stopped)
    6  connection error or request timeout
    7  --wait gave up before the job reached its final state

A failure prints one ``error: <code>: <message> (request id: ...)`` line on stderr, never a
traceback.
"""

from ._exit import ExitCode
from ._root import cli, main

__all__ = ["ExitCode", "cli", "main"]
