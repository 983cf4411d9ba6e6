"""The organisation view reads tens of thousands of evidence rows. What it sends (the API body of a
page, the HTML of the page's content) is kept in the shared cache (Redis) under *versions* that
every change to what it reads moves on:

- an organisation's version, moved when the evidence of one of its members changes (a
  self-assessment, consent, department or target role, a finished attempt, a certificate, a
  decided validation claim), so learners taking tests elsewhere do not empty HR's cache;
- a global version, moved when what every organisation reads changes (users, roles and their
  requirements, frameworks, courses, units and learning outcomes).

A save moves the version at once and again after the commit, so a request that computed from data
older than the commit cannot leave its result under the version readers use: a withdrawn consent
is gone from the next request. The key also holds the day (certificates expire by date), the
language, the filters and the page. Only a cache every process shares is used: with the
in-process cache of the embedded mode another process would not see a new version, so the view is
then computed every time. The cache is an accelerator only: when Redis cannot be reached, saves go
through (the failure is logged) and the view is computed. Bulk writes send no signals: every service that bulk-writes evidence
also saves the row that owns it (an attempt at grading, a certificate at issue), which is watched.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation
from redis.exceptions import RedisError

from accounts.models import Organisation, User
from certification.models import Certificate, ValidationCase, ValidationClaim
from competencies.models import Framework, JobRole, RoleRequirement
from curriculum.models import Attempt, Course, LearningOutcome, Module, Unit
from passport.models import Department, SelfAssessment, StaffMember

logger = logging.getLogger(__name__)
GLOBAL = "passport:version"
T = TypeVar("T")

#: Rows of one member's evidence.
MEMBER: tuple[type[Model], ...] = (
    SelfAssessment,
    StaffMember,
    Department,
    Attempt,
    Certificate,
    ValidationClaim,
)
#: Models every organisation's view reads.
SHARED: tuple[type[Model], ...] = (
    User,
    Framework,
    JobRole,
    RoleRequirement,
    Course,
    Module,
    Unit,
    LearningOutcome,
)


def shared() -> bool:
    backend = settings.CACHES["default"]["BACKEND"]
    return settings.PASSPORT_NEEDS_CACHE_SECONDS > 0 and not backend.endswith(("LocMemCache", "DummyCache"))


def _version(key: str) -> str:
    current = cache.get(key)
    if current is None:
        cache.add(key, time.time_ns(), None)
        current = cache.get(key, 0)
    return str(current)


def _bump(key: str) -> None:
    try:
        cache.set(key, time.time_ns(), None)
    except Exception:
        # The evidence is saved whatever happens to the cache: a Redis outage must not refuse a
        # certificate or a self-assessment. Entries cached before it expire within
        # PASSPORT_NEEDS_CACHE_SECONDS (a Redis restart without persistence empties them at once).
        logger.warning("Could not move the cache version %s on", key, exc_info=True)


def _move_on(key: str) -> None:
    _bump(key)
    transaction.on_commit(lambda: _bump(key))


def _organisation_of_user(user_id: int | None) -> int | None:
    if user_id is None:
        return None
    return User.objects.filter(pk=user_id).values_list("organisation_id", flat=True).first()


def _organisation_of(instance: Any) -> int | None:
    """The organisation whose view the changed row belongs to (None: nobody's)."""
    if isinstance(instance, StaffMember | Department):
        return instance.organisation_id
    if isinstance(instance, SelfAssessment):
        return _organisation_of_user(instance.user_id)
    if isinstance(instance, Attempt):
        if instance.status == Attempt.Status.IN_PROGRESS:
            return None  # starting and answering change no evidence; finishing does
        return _organisation_of_user(instance.learner_id)
    if isinstance(instance, Certificate):
        return _organisation_of_user(instance.holder_id)
    if isinstance(instance, ValidationClaim):
        if instance.decision == ValidationClaim.Decision.PENDING:
            return None
        learner_id = (
            ValidationCase.objects.filter(pk=instance.case_id).values_list("learner_id", flat=True).first()
        )
        return _organisation_of_user(learner_id)
    return None


def member_evidence_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    organisation_id = _organisation_of(instance)
    if isinstance(instance, StaffMember):
        # The member may have moved: the organisation of the record and of the person both see it.
        _move_on(f"{GLOBAL}:{_organisation_of_user(instance.user_id)}")
    if organisation_id is not None:
        _move_on(f"{GLOBAL}:{organisation_id}")


def shared_evidence_changed(sender: Any, **kwargs: Any) -> None:
    if sender is User and kwargs.get("update_fields") == frozenset({"last_login"}):
        return  # signing in changes nothing HR sees
    _move_on(GLOBAL)


def connect() -> None:
    for model in MEMBER:
        post_save.connect(
            member_evidence_changed, sender=model, dispatch_uid=f"passport-{model.__name__}-save"
        )
        post_delete.connect(
            member_evidence_changed, sender=model, dispatch_uid=f"passport-{model.__name__}-delete"
        )
    for model in SHARED:
        post_save.connect(
            shared_evidence_changed, sender=model, dispatch_uid=f"passport-{model.__name__}-save"
        )
        post_delete.connect(
            shared_evidence_changed, sender=model, dispatch_uid=f"passport-{model.__name__}-delete"
        )
    m2m_changed.connect(
        shared_evidence_changed,
        sender=LearningOutcome.competences.through,
        dispatch_uid="passport-outcome-competences",
    )


def remembered(organisation: Organisation, part: str, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for the same organisation, part (filters, page, format),
    language and day while no evidence the view reads has changed."""
    if not shared():
        return compute()
    try:
        return _remembered(organisation, part, compute)
    except (OSError, RedisError):
        logger.warning("The shared cache cannot be reached: computing the needs view", exc_info=True)
        return compute()


def _remembered(organisation: Organisation, part: str, compute: Callable[[], T]) -> T:
    key = ":".join(
        (
            "passport:needs",
            str(organisation.pk),
            part,
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            _version(GLOBAL),
            _version(f"{GLOBAL}:{organisation.pk}"),
        )
    )
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, settings.PASSPORT_NEEDS_CACHE_SECONDS)
    return found
