# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

from enum import StrEnum


class JobType(StrEnum):
    """Visualization engine. The English page spells `TensorBoard`/`MindInsight`, the Chinese page
    lowercase."""

    MINDINSIGHT = "MindInsight"
    MINDINSIGHT_LOWERCASE = "mindinsight"
    TENSORBOARD = "TensorBoard"
    TENSORBOARD_LOWERCASE = "tensorboard"

    def __str__(self) -> str:
        return str(self.value)
