"""The organisation view reads tens of thousands of evidence rows; its result is kept in the shared
cache (Redis) under an *evidence version* that every change to what it reads moves on.

- Saving or deleting any watched row sets a new version at once and again after the commit, so a
  request that computed from data older than the commit cannot leave its result under the
  version readers use. Consent withdrawn is therefore gone from the next request.
- The key also holds the day (certificates expire by date) and the language.
- Only a cache shared by every process is used: with the in-process cache of the embedded mode
  another process would not see a new version, so the view is then computed every time.
- Bulk writes send no signals: every service that bulk-writes evidence also saves the row that
  owns it (an attempt at grading, a certificate at issue), which is watched.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation

from accounts.models import Organisation, User
from certification.models import Certificate, ValidationClaim
from competencies.models import Framework, JobRole, RoleRequirement
from curriculum.models import Attempt, Course, LearningOutcome, Module, Unit
from passport.models import Department, SelfAssessment, StaffMember

VERSION_KEY = "passport:evidence-version"
WATCHED = (
    SelfAssessment,
    StaffMember,
    Department,
    User,
    Attempt,
    Certificate,
    ValidationClaim,
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


def version() -> int:
    current = cache.get(VERSION_KEY)
    if current is None:
        current = time.time_ns()
        cache.add(VERSION_KEY, current, None)
        current = cache.get(VERSION_KEY, current)
    return int(current)


def _move_on() -> None:
    cache.set(VERSION_KEY, time.time_ns(), None)


def evidence_changed(sender: Any, **kwargs: Any) -> None:
    if sender is User and kwargs.get("update_fields") == frozenset({"last_login"}):
        return  # signing in changes nothing HR sees
    _move_on()
    transaction.on_commit(_move_on)


def connect() -> None:
    for model in WATCHED:
        post_save.connect(evidence_changed, sender=model, dispatch_uid=f"passport-{model.__name__}-save")
        post_delete.connect(evidence_changed, sender=model, dispatch_uid=f"passport-{model.__name__}-delete")
    m2m_changed.connect(
        evidence_changed,
        sender=LearningOutcome.competences.through,
        dispatch_uid="passport-outcome-competences",
    )


def needs_cached(organisation: Organisation, *, department: str, role: str) -> Any:
    from passport.selectors import organisation_needs

    if not shared():
        return organisation_needs(organisation, department=department, role=role)
    key = ":".join(
        (
            "passport:needs",
            str(organisation.pk),
            department,
            role,
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            str(version()),
        )
    )
    found = cache.get(key)
    if found is None:
        found = organisation_needs(organisation, department=department, role=role)
        cache.set(key, found, settings.PASSPORT_NEEDS_CACHE_SECONDS)
    return found
