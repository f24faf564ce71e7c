# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.


"""The spec's constraints on request fields, for checks before sending."""

from typing import Any

#: Component schema name -> property -> JSON Schema keyword -> value.
SCHEMAS: dict[str, dict[str, dict[str, Any]]] = {
    "CreateVisualizationJobRequest": {
        "job_name": {"minLength": 1, "maxLength": 20, "pattern": "^[A-Za-z0-9_-]+$"},
        "job_desc": {"maxLength": 256},
        "train_url": {"minLength": 1, "maxLength": 1024},
    },
    "ErrorResponse": {"error_code": {"minLength": 1}},
    "Flavor": {"code": {"minLength": 1, "maxLength": 128}},
    "ListVisualizationJobsResponse": {"job_total_count": {"minimum": 0}},
    "Schedule": {
        "type": {"enum": ["stop"]},
        "time_unit": {"enum": ["HOURS"]},
        "duration": {"minimum": 0, "maximum": 24},
    },
    "UpdateVisualizationJobRequest": {"job_desc": {"maxLength": 256}},
}

#: operationId -> query parameter -> JSON Schema keyword -> value.
QUERY_PARAMETERS: dict[str, dict[str, dict[str, Any]]] = {
    "list_visualization_jobs": {
        "status": {"pattern": "^(0|[1-9]|1[0-9]|2[0-2])$"},
        "per_page": {"minimum": 1, "maximum": 1000},
        "page": {"minimum": 1},
        "search_content": {"minLength": 0, "maxLength": 64},
        "workspace_id": {"maxLength": 64},
    }
}
