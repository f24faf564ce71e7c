"""The breaking-change guard's parts, one concern a module; scripts/check_breaking.py runs them.

``project`` reads a source tree, ``releases`` keeps the released snapshots, ``python_api``
compares the public Python API (griffe), ``spec_view``, ``schema_diff`` and ``spec_diff``
compare the OpenAPI spec, and ``verdict`` weighs what they found against the version (SemVer).
"""
