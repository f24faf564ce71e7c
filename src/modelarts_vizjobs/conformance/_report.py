"""The outcome of a conformance run, and its three renderings: table, JSON, JUnit XML."""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any
from xml.etree import ElementTree

from modelarts_vizjobs.cassette import Exchange

from ._readings import Reading, judge_readings
from ._spec import ALTERNATIVES, DRIFT, ERROR_FIELDS, VIOLATION, Finding, SpecChecker, field_paths

__all__ = ["Call", "Report", "grouped", "never_seen"]


@dataclass(frozen=True, slots=True)
class Call:
    """One HTTP attempt of the run: which tour step sent it, and how it went."""

    step: str
    operation: str
    method: str
    target: str
    status: int | None
    elapsed_ms: float


def never_seen(checker: SpecChecker, exchanges: Sequence[Exchange]) -> list[Finding]:
    """Drift: fields a success answer documents that no success answer of the run carried."""
    seen: dict[str, set[str]] = {}
    documented: dict[str, set[str]] = {}
    for exchange in exchanges:
        body = exchange.response_json()
        if exchange.status is None or not 200 <= exchange.status < 300 or body is None:
            continue
        fields = checker.documented_fields(exchange.operation, exchange.status)
        documented.setdefault(exchange.operation, set()).update(fields)
        seen.setdefault(exchange.operation, set()).update(field_paths(body))
    findings = []
    for operation, fields in documented.items():
        for path in sorted(fields - seen[operation]):
            leaf = path.rpartition(".")[2].removesuffix("[]")
            if leaf in ERROR_FIELDS:
                continue
            twin = path[: len(path) - len(leaf)] + ALTERNATIVES.get(leaf, leaf)
            if twin != path and twin in seen[operation]:
                continue
            message = f"documented field {path!r} never seen in a success answer"
            findings.append(Finding(DRIFT, operation, path, message))
    return findings


def grouped(findings: Sequence[Finding]) -> list[tuple[Finding, int]]:
    """Identical findings once, with how often they came, in order of first appearance (a
    missing field of the list answer is one finding seen on every list call, not ten)."""
    counts: dict[Finding, int] = {}
    for finding in findings:
        counts[finding] = counts.get(finding, 0) + 1
    return list(counts.items())


def _times(count: int) -> str:
    return f" (seen {count} times)" if count > 1 else ""


@dataclass
class Report:
    """Findings, calls, readings and cleanup of one run; ``exit_code`` is the CLI's status."""

    endpoint: str
    spec_version: str
    job_name: str
    job_id: str | None = None
    findings: list[Finding] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)
    observed: list[str] = field(default_factory=list)
    aborted: str | None = None
    cleanup: str = "nothing to clean up"
    cleanup_ok: bool = True
    duration_s: float = 0.0

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == VIOLATION]

    @property
    def drift(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == DRIFT]

    def failed(self, *, strict: bool = False) -> bool:
        """True on a violation, an abort or a failed cleanup; with *strict*, on drift too."""
        return bool(
            self.violations or self.aborted or not self.cleanup_ok or (strict and self.drift)
        )

    def conclude(self, checker: SpecChecker, exchanges: Sequence[Exchange]) -> None:
        """Add what only the whole run shows: fields never seen, readings, observations."""
        self.findings += never_seen(checker, exchanges)
        self.readings = judge_readings(exchanges)
        statuses: dict[tuple[str, int], set[str]] = {}
        for exchange in exchanges:
            body = exchange.response_json()
            if isinstance(body, dict) and isinstance(body.get("error_code"), str):
                key = (body["error_code"], exchange.status or 0)
                statuses.setdefault(key, set()).add(exchange.operation)
        self.observed = [
            f"{code} came with HTTP {status} ({', '.join(sorted(ops))})"
            for (code, status), ops in sorted(statuses.items())
        ]

    # -- renderings -----------------------------------------------------------------------------

    def operations(self) -> list[dict[str, Any]]:
        """Per operation: calls, violations, drift warnings and timings (ms)."""
        names = list(
            dict.fromkeys([c.operation for c in self.calls] + [f.operation for f in self.findings])
        )
        rows = []
        for name in names:
            times = [c.elapsed_ms for c in self.calls if c.operation == name]
            rows.append(
                {
                    "operation": name,
                    "calls": len(times),
                    "violations": sum(f.operation == name for f in self.violations),
                    "drift": sum(f.operation == name for f in self.drift),
                    "median_ms": round(statistics.median(times), 1) if times else None,
                    "max_ms": round(max(times), 1) if times else None,
                }
            )
        return rows

    def to_dict(self, *, strict: bool = False) -> dict[str, Any]:
        """The report as JSON-ready data (``--json``)."""
        return {
            "endpoint": self.endpoint,
            "spec_version": self.spec_version,
            "job": {"name": self.job_name, "id": self.job_id},
            "passed": not self.failed(strict=strict),
            "strict": strict,
            "aborted": self.aborted,
            "cleanup": {"ok": self.cleanup_ok, "message": self.cleanup},
            "duration_s": round(self.duration_s, 3),
            "operations": self.operations(),
            "violations": [asdict(f) | {"count": n} for f, n in grouped(self.violations)],
            "drift": [asdict(f) | {"count": n} for f, n in grouped(self.drift)],
            "observed": self.observed,
            "readings": [asdict(r) for r in self.readings],
            "calls": [asdict(c) for c in self.calls],
        }

    def to_json(self, *, strict: bool = False) -> str:
        """The report as indented JSON."""
        return json.dumps(self.to_dict(strict=strict), indent=2)

    def to_table(self, *, strict: bool = False) -> str:
        """The report as text for a terminal."""
        job = f"{self.job_name} (id {self.job_id or '?'})"
        lines = [f"Conformance of {self.endpoint} with spec {self.spec_version}; job {job}", ""]
        columns = ("calls", 5), ("violations", 10), ("drift", 5), ("median ms", 9), ("max ms", 8)
        lines.append(f"{'operation':<28} " + " ".join(f"{n:>{w}}" for n, w in columns))
        for row in self.operations():
            median = "-" if row["median_ms"] is None else f"{row['median_ms']:.1f}"
            top = "-" if row["max_ms"] is None else f"{row['max_ms']:.1f}"
            lines.append(
                f"{row['operation']:<28} {row['calls']:>5} {row['violations']:>10} "
                f"{row['drift']:>5} {median:>9} {top:>8}"
            )
        for title, findings in (("Violations", self.violations), ("Drift", self.drift)):
            if findings:
                lines += ["", f"{title}:"]
                lines += [
                    f"  {f.operation} [{f.field or '-'}] {f.message}" + _times(n)
                    for f, n in grouped(findings)
                ]
        if self.observed:
            lines += ["", "Observed:"] + [f"  {line}" for line in self.observed]
        if self.readings:
            lines += ["", "Readings of the spec's info.description:"]
            lines += [f"  {r.number}. {r.title}: {r.verdict} ({r.evidence})" for r in self.readings]
        if self.aborted:
            lines += ["", f"Tour stopped early: {self.aborted}"]
        verdict = "FAIL" if self.failed(strict=strict) else "PASS"
        counts = f"{len(self.violations)} violations, {len(self.drift)} drift warnings"
        lines += [
            "",
            f"Cleanup: {self.cleanup}",
            f"Result: {verdict} ({counts}; {self.duration_s:.2f} s)",
        ]
        return "\n".join(lines)

    def to_junit(self, *, strict: bool = False) -> str:
        """One test case per operation (violations fail it; drift too with *strict*), plus
        one for the tour and one for the cleanup."""
        suite = ElementTree.Element("testsuite", name="modelarts-vizjobs conformance")
        cases = 0
        failures = 0
        for row in self.operations():
            case = ElementTree.SubElement(
                suite, "testcase", classname="conformance", name=row["operation"]
            )
            spent = sum(c.elapsed_ms for c in self.calls if c.operation == row["operation"])
            case.set("time", f"{spent / 1000:.3f}")
            failing = [f for f in self.violations if f.operation == row["operation"]]
            drift = [f for f in self.drift if f.operation == row["operation"]]
            if strict:
                failing += drift
            if failing:
                failures += 1
                text = "\n".join(
                    f"{f.severity}: [{f.field or '-'}] {f.message}{_times(n)}"
                    for f, n in grouped(failing)
                )
                ElementTree.SubElement(case, "failure", message=failing[0].message).text = text
            if drift and not strict:
                out = "\n".join(
                    f"drift: [{f.field or '-'}] {f.message}{_times(n)}" for f, n in grouped(drift)
                )
                ElementTree.SubElement(case, "system-out").text = out
            cases += 1
        for name, problem in (
            ("tour", self.aborted),
            ("cleanup", None if self.cleanup_ok else self.cleanup),
        ):
            case = ElementTree.SubElement(suite, "testcase", classname="conformance", name=name)
            if problem:
                failures += 1
                ElementTree.SubElement(case, "failure", message=problem).text = problem
            cases += 1
        suite.set("tests", str(cases))
        suite.set("failures", str(failures))
        suite.set("time", f"{self.duration_s:.3f}")
        return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True)
