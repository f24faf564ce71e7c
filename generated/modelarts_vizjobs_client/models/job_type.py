from enum import StrEnum


class JobType(StrEnum):
    MINDINSIGHT = "MindInsight"
    MINDINSIGHT_LOWERCASE = "mindinsight"
    TENSORBOARD = "TensorBoard"
    TENSORBOARD_LOWERCASE = "tensorboard"

    def __str__(self) -> str:
        return str(self.value)
