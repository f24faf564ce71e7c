"""vizjobs-janitor: on a schedule, stop and delete the visualization jobs its policy selects.

    MODELARTS_VIZJOBS_TOKEN=... HUAWEICLOUD_SDK_PROJECT_ID=... vizjobs-janitor

Policy from the environment (defaults in brackets): ``JANITOR_NAME`` glob [``tb-*``],
``JANITOR_MAX_AGE`` [``12h``], ``JANITOR_DRY_RUN=1`` [unset], ``JANITOR_EVERY`` seconds between
rounds [unset: one round, for a cron job]. Exit status 0 when every selected job went, 1 when
one was refused or failed: the scheduler's alert fires and the next round tries again.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass

from modelarts_vizjobs import ModelArtsError, ModelArtsVizJobs

__all__ = ["Policy", "main", "run_once"]

log = logging.getLogger("vizjobs_janitor")


@dataclass(frozen=True)
class Policy:
    """Which jobs are left-overs: names matching ``name``, created over ``max_age`` ago;
    ``timeout`` bounds each call and the wait for a job being stopped (9 KILLING) to settle."""

    name: str = "tb-*"
    max_age: str = "12h"
    dry_run: bool = False
    timeout: float = 120.0

    @classmethod
    def from_env(cls) -> Policy:
        return cls(
            name=os.environ.get("JANITOR_NAME", cls.name),
            max_age=os.environ.get("JANITOR_MAX_AGE", cls.max_age),
            dry_run=os.environ.get("JANITOR_DRY_RUN", "").lower() in {"1", "true", "yes"},
        )


def run_once(client: ModelArtsVizJobs, policy: Policy) -> bool:
    """One round: prune what the policy selects, log each outcome; True when nothing was left."""
    try:
        report = client.jobs.prune(
            name=policy.name,
            older_than=policy.max_age,
            stop_running=True,  # running jobs are the ones that cost money
            wait=True,
            dry_run=policy.dry_run,
            timeout=policy.timeout,
        )
    except ModelArtsError as error:  # the listing itself failed: nothing was touched
        log.error("round failed: %s", error)
        return False
    for item in report.items:
        level = logging.INFO if item.error is None else logging.WARNING
        log.log(level, "job %s (%s): %s %s", item.job.job_id, item.job.name,
                item.outcome.value, item.reason or "")  # fmt: skip
    log.info("round done: %s", report.counts() or "nothing selected")
    return report.ok


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    policy = Policy.from_env()
    every = os.environ.get("JANITOR_EVERY")
    with ModelArtsVizJobs.from_env() as client:
        while True:
            ok = run_once(client, policy)
            if not every:
                return 0 if ok else 1
            time.sleep(float(every))
