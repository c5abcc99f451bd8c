"""The version of openapi/assessment-package.yaml (info.version)."""

__version__ = "1.6.0"
