"""The REST API (FastAPI): ``create_app`` in ``bots.api.app``; served by ``resume-engine serve``."""
