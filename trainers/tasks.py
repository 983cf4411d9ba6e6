"""Celery tasks of trainers: thin wrappers around services."""

from celery import shared_task

from trainers import services


@shared_task
def expire_accreditations() -> int:
    """Run hourly by Celery beat. The registry already stops listing an accreditation the day
    after its date; this writes the status down."""
    return services.accreditations_expire()
