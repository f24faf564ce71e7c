"""The async client and resources: the one source of both clients' behaviour.

``scripts/unasync.py`` generates ``modelarts_vizjobs/_sync/`` from these modules (``make
regen``; ``make check-generated`` fails when the two differ): edit here, never there.
"""
