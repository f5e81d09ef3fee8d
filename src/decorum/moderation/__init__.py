"""The moderation engine: pure Python, no Django, Wagtail or Celery (import-linter contract)."""
