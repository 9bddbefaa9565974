import logging

from celery import shared_task
from django.core.management import call_command

logger = logging.getLogger(__name__)


@shared_task
def ping(value: str) -> str:
    """Round trip through the broker; used by the worker integration test."""
    return f"pong:{value}"


@shared_task
def purger_sessions_expirees() -> None:
    """Expired sessions hold who was signed in: drop them nightly."""
    call_command("clearsessions")
