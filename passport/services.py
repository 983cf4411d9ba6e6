"""Writes of the passport: self-assessment, the public share link, consent to share with HR, and
HR's department and target role for a staff member."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from competencies.models import Competence, JobRole, ProficiencyLevel
from core.errors import ApplicationError
from passport.models import Department, Passport, SelfAssessment, StaffMember, new_share_token


@dataclass(frozen=True)
class Rating:
    competence_id: int
    #: A level of the competence's scale, or None to remove the rating.
    level_id: int | None


def self_assessment_save(*, user: User, ratings: list[Rating]) -> list[SelfAssessment]:
    """Saves the person's own levels; all of them or, if one is wrong, none."""
    competence_ids = {r.competence_id for r in ratings}
    competences = Competence.objects.filter(pk__in=competence_ids).select_related("framework").in_bulk()
    level_ids = {r.level_id for r in ratings if r.level_id is not None}
    levels = ProficiencyLevel.objects.in_bulk(level_ids)
    errors: list[str] = []
    for rating in ratings:
        competence = competences.get(rating.competence_id)
        if competence is None:
            errors.append(_("There is no competence %(id)s.") % {"id": rating.competence_id})
            continue
        if rating.level_id is None:
            continue
        level = levels.get(rating.level_id)
        if level is None or level.scale_id != competence.framework.scale_id:
            errors.append(
                _("%(level)s is not a level of the scale of %(competence)s.")
                % {"level": rating.level_id, "competence": competence.code or competence.title}
            )
    if errors:
        raise ApplicationError(" ".join(errors), field_errors={"ratings": errors})
    with transaction.atomic():
        removed = [r.competence_id for r in ratings if r.level_id is None]
        SelfAssessment.objects.filter(user=user, competence_id__in=removed).delete()
        for rating in ratings:
            if rating.level_id is not None:
                SelfAssessment.objects.update_or_create(
                    user=user, competence_id=rating.competence_id, defaults={"level_id": rating.level_id}
                )
    return list(SelfAssessment.objects.filter(user=user, competence_id__in=competence_ids))


def passport_share_set(*, user: User, shared: bool) -> Passport:
    """Switches the public link on (with a fresh code, so an old link stays dead) or off."""
    with transaction.atomic():
        passport, _created = Passport.objects.select_for_update().get_or_create(user=user)
        if shared and not passport.share_token:
            passport.share_token = new_share_token()
            passport.shared_since = timezone.now()
        elif not shared:
            passport.share_token = None
            passport.shared_since = None
        passport.save()
    return passport


def consent_set(*, user: User, consent: bool) -> StaffMember | None:
    """The person shares their passport with the HR staff of their organisation, or stops: HR
    views read the consent on every request, so a withdrawal takes effect at once."""
    if user.organisation_id is None:
        if consent:
            raise ApplicationError(
                _("You do not belong to an organisation, so there is no HR to share with.")
            )
        return None
    with transaction.atomic():
        member, _created = StaffMember.objects.select_for_update().get_or_create(
            user=user, defaults={"organisation_id": user.organisation_id}
        )
        if member.organisation_id != user.organisation_id:
            # A new employer starts from a clean slate.
            member.organisation_id = user.organisation_id
            member.department = None
            member.target_role = None
        member.consent_given_at = timezone.now() if consent else None
        member.save()
    return member


def staff_update(
    *, actor: User, member: StaffMember, department: Department | None, target_role: JobRole | None
) -> StaffMember:
    """HR sets the department and the role a staff member should grow into."""
    if not (
        actor.is_superuser
        or (actor.has_role(Role.HR_STAFF) and actor.organisation_id == member.organisation_id)
    ):
        raise PermissionDenied(_("Only HR staff of the organisation may do this."))
    if department is not None and department.organisation_id != member.organisation_id:
        raise ApplicationError(
            _("This department belongs to another organisation."),
            field_errors={"department": [_("This department belongs to another organisation.")]},
        )
    member.department = department
    member.target_role = target_role
    member.save(update_fields=["department", "target_role", "updated_at"])
    return member
