"""``python -m modelarts_vizjobs.cli``, the same as the ``modelarts-vizjobs`` script."""

from . import main

main()
