"""Celery tasks of the curriculum: thin wrappers around services."""

from celery import shared_task

from curriculum import attempts


@shared_task
def finalise_overdue_attempts() -> int:
    """Run every minute by Celery beat: attempts whose time ran out are graded with the answers
    saved in time, even when the learner never comes back."""
    return attempts.finalise_overdue()
