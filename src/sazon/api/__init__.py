"""The HTTP face: FastAPI under /api/v1, thin handlers over the tool functions."""

from sazon.api.app import create_app

__all__ = ["create_app"]
