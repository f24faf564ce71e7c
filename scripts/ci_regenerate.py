"""CI regeneration: regenerate the client, report the breaking-change guard, commit or explain.

    python scripts/ci_regenerate.py [--root DIR]

What the ``regenerate`` workflow runs on a pull request that touches ``openapi/**``:

1. ``scripts/regenerate.py`` (= ``make regen``) rewrites ``generated/`` from the spec;
2. ``scripts/check_breaking.py`` compares the spec and the public API with the last release;
   its output goes to the job summary (``$GITHUB_STEP_SUMMARY``) so the reviewer sees
   "breaking: ..." on the pull request;
3. when a derived file changed: on a same-repository pull request (``HEAD_REPO`` equals
   ``GITHUB_REPOSITORY`` and ``HEAD_REF`` names the branch) the result is committed as
   github-actions[bot] and pushed to the branch (its SHA goes to ``$GITHUB_OUTPUT`` as
   ``commit``, for the jobs that test it); otherwise (a fork: no write token) the script
   prints the diff and the one command to run, and fails.

Exit status: 1 when a fork's derived files are stale or the guard fails, else 0.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

#: Files the spec derives; committed, so a stale copy must never be merged.
DERIVED = ("generated",)
BOT_NAME = "github-actions[bot]"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
FIX_COMMAND = "make regen && git add generated && git commit -m 'Regenerate the client'"


def run(root: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)


def git(root: Path, *args: str) -> str:
    done = run(root, "git", *args)
    if done.returncode != 0:
        sys.exit(f"git {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def regenerate(root: Path) -> None:
    done = run(root, sys.executable, str(root / "scripts" / "regenerate.py"))
    if done.returncode != 0:
        sys.exit(f"regeneration failed:\n{done.stdout}{done.stderr}")


def changed_files(root: Path) -> list[str]:
    status = git(root, "status", "--porcelain", "--untracked-files=all", "--", *DERIVED)
    return [line[3:] for line in status.splitlines()]


def guard(root: Path) -> tuple[bool, str]:
    done = run(root, sys.executable, str(root / "scripts" / "check_breaking.py"), "--root", ".")
    return done.returncode == 0, (done.stdout + done.stderr).strip()


def summary(changed: list[str], passed: bool, report: str, action: str) -> str:
    """The job summary, in Markdown."""
    lines = ["## Regeneration", ""]
    if changed:
        lines += [f"{len(changed)} derived file(s) changed: {action}", ""]
        lines += [f"- `{name}`" for name in changed]
    else:
        lines.append("The committed client matches the spec: nothing to commit.")
    verdict = "passed" if passed else "FAILED"
    lines += ["", f"## Breaking-change guard: {verdict}", "", "```text", report, "```", ""]
    return "\n".join(lines)


def commit_and_push(root: Path, branch: str) -> str:
    git(root, "add", "--all", "--", *DERIVED)
    identity = ("-c", f"user.name={BOT_NAME}", "-c", f"user.email={BOT_EMAIL}")
    message = "Regenerate the client from the spec\n\nBy scripts/ci_regenerate.py."
    git(root, *identity, "commit", "--quiet", "-m", message)
    git(root, "push", "--quiet", "origin", f"HEAD:refs/heads/{branch}")
    return git(root, "rev-parse", "HEAD").strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    root = parser.parse_args(argv).root.resolve()
    branch = os.environ.get("HEAD_REF", "")
    same_repo = bool(branch) and os.environ.get("HEAD_REPO") == os.environ.get("GITHUB_REPOSITORY")

    regenerate(root)
    changed = changed_files(root)
    passed, report = guard(root)
    print(report)
    status = 0 if passed else 1
    if not changed:
        action = "none"
    elif same_repo:
        commit = commit_and_push(root, branch)
        action = f"committed as {BOT_NAME} ({commit[:12]}) to `{branch}`"
        _append(os.environ.get("GITHUB_OUTPUT"), f"commit={commit}\n")  # the tests' checkout
    else:
        action = f"not committed (no write access): run `{FIX_COMMAND}`"
        git(root, "add", "--intent-to-add", "--", *DERIVED)  # new files show in the diff too
        print(
            git(root, "diff", "HEAD", "--stat", "--", *DERIVED)
            + git(root, "diff", "HEAD", "--", *DERIVED)
        )
        print(f"error: the generated client is stale; run:\n  {FIX_COMMAND}")
        status = 1
    print(f"regeneration: {len(changed)} derived file(s) changed; {action}")
    _append(os.environ.get("GITHUB_STEP_SUMMARY"), summary(changed, passed, report, action))
    return status


def _append(path: str | None, text: str) -> None:
    """Add to one of the files GitHub Actions reads after the step (unset outside Actions)."""
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(text)


if __name__ == "__main__":
    sys.exit(main())
