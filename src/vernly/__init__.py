"""vernly: make a privacy notice true — policy as code, enforced and proven."""

__version__ = "0.1.0"
