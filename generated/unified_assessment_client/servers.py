"""The servers of openapi/assessment-package.yaml, by data region."""

SERVERS: dict[str, str] = {
    "us": "https://api.unified.to",
    "eu": "https://api-eu.unified.to",
    "au": "https://api-au.unified.to",
}
DEFAULT_REGION = "us"
