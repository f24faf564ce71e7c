"""The SDK version, sent in the User-Agent; kept equal to pyproject's ``version``."""

__version__ = "2.0.0"
