"""The tour's steps as text: what ``conformance --dry-run`` prints (and sends nothing)."""

from __future__ import annotations

from ._tour import SORTS

__all__ = ["tour_plan"]


def tour_plan(name: str) -> list[str]:
    """The steps of a tour whose job is called *name*, as ``--dry-run`` prints them."""
    jobs = "visualization-jobs"
    one = f"{jobs}/{{job_id}}"
    lines = [
        f"POST {jobs}  create {name} (auto-stop after 1 hour)",
        f"GET  {one}  until status 8 RUNNING",
        f"GET  {one}  details",
        f"GET  {jobs}?search_content={name}",
        f"GET  {jobs}?status=8&search_content={name}",
        f"GET  {jobs}?workspace_id=0&search_content={name}",
    ]
    lines += [f"GET  {jobs}?sortBy={f}&order={o}&per_page=5&page=1" for f, o in SORTS]
    lines += [
        f"GET  {jobs}?search_content={name}&per_page=1&page=2",
        f"GET  {jobs}?per_page=1000&search_content=<64 characters>",
        f"PUT  {one}  new job_desc, then GET to read it back",
        f"POST {one}/stop, then again: expect 400 ModelArts.0105",
        f"GET  {one}  until stopped",
        f"POST {one}/restart, then again: expect 400 ModelArts.0105",
        f"GET  {one}  until status 8 RUNNING",
        f"DELETE {one}, then GET until 404 ModelArts.0102",
        "cleanup: whatever happened, DELETE the job (by id, or by exact name) until it is gone",
    ]
    return lines
