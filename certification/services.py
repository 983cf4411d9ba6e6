"""Every write about certification goes through here.

- Certificates are issued only when every rule of the scheme is met (:mod:`certification.eligibility`);
  otherwise nothing is written and the failing rule is the message. The row is written in a
  transaction and its PDF is queued when the transaction commits. When the broker cannot be
  reached the certificate stays "PDF pending" and the periodic sweep queues it again.
- Revoking needs a reason. Renewing moves the dates of the same version under the scheme's renewal
  rule. A correction writes a new version with the same serial and verification code and marks the
  old one superseded. Every action is a :class:`CertificateEvent` with who and when.
- Validation cases: the learner claims competences (identification), adds evidence
  (documentation), submits (assessment); a certifier decides each claim, and the case closes
  (certification) when every claim is decided.
"""

from __future__ import annotations

import calendar
import datetime
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from certification.eligibility import FINISHED, eligibility
from certification.models import (
    Certificate,
    CertificateBatch,
    CertificateCompetence,
    CertificateEvent,
    CertificationScheme,
    Evidence,
    SchemeExam,
    ValidationCase,
    ValidationClaim,
    today,
)
from competencies.models import Competence, ProficiencyLevel, RoleRequirement
from core import audit
from core.errors import ApplicationError
from core.models import AuditEntry
from curriculum.models import Attempt
from curriculum.uploads import check_upload

logger = logging.getLogger(__name__)


def _require_certifier(user: User) -> None:
    if not user.has_role(Role.CERTIFIER):
        raise PermissionDenied(_("Only certifiers may do this."))


def _field_error(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, field_errors={field: [message]})


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def queue_pdf(certificate_id: int) -> bool:
    """Queue the PDF of a certificate; False (and the PDF stays pending) when the broker is down."""
    from certification.tasks import generate_certificate_pdf

    try:
        # One quick retry covers a connection the broker dropped; a broker that is down fails fast.
        generate_certificate_pdf.apply_async(
            args=[certificate_id], retry=True, retry_policy={"max_retries": 1, "interval_start": 0.2}
        )
    except Exception:  # the broker is unreachable: the sweep queues it again later
        logger.warning("Could not queue the PDF of certificate %s; the sweep will retry", certificate_id)
        return False
    return True


def queue_batch(batch_id: int) -> bool:
    """Queue a batch; False (and the batch stays queued for the sweep) when the broker is down."""
    from certification.tasks import issue_batch

    try:
        issue_batch.apply_async(
            args=[batch_id], retry=True, retry_policy={"max_retries": 1, "interval_start": 0.2}
        )
    except Exception:  # the broker is unreachable: the sweep queues it again later
        logger.warning("Could not queue certificate batch %s; the sweep will retry", batch_id)
        return False
    return True


def _record(
    certificate: Certificate, action: str, actor: User | None, note: str = "", **data: object
) -> None:
    CertificateEvent.objects.create(certificate=certificate, action=action, actor=actor, note=note, data=data)
    if action in _AUDITED:
        audit.record(
            _AUDITED[action], certificate, actor=actor, label=certificate.serial, holder=certificate.holder_name,
            scheme=certificate.scheme_id, note=note, **data,
        )  # fmt: skip


#: Certificate events that also go to the platform's audit log.
_AUDITED: dict[str, str] = {
    CertificateEvent.Action.ISSUED: AuditEntry.Action.CERTIFICATE_ISSUED,
    CertificateEvent.Action.REVOKED: AuditEntry.Action.CERTIFICATE_REVOKED,
    CertificateEvent.Action.RENEWED: AuditEntry.Action.CERTIFICATE_RENEWED,
    CertificateEvent.Action.REISSUED: AuditEntry.Action.CERTIFICATE_REISSUED,
}


# --- Issuing ------------------------------------------------------------------------------------


def certificate_issue(*, scheme: CertificationScheme, holder: User, actor: User) -> Certificate:
    """Issue the scheme's certificate to the holder when every rule is met."""
    _require_certifier(actor)
    if holder.pk == actor.pk:
        raise ApplicationError(_("Nobody may issue a certificate to themselves."))
    if not scheme.is_published:
        raise ApplicationError(_("This scheme is not published."))
    outcome = eligibility(scheme, holder.pk)
    if not outcome.eligible:
        raise ApplicationError(
            _("The certificate cannot be issued: %(reason)s") % {"reason": outcome.reason()}
        )
    issued_at = timezone.now()
    valid_from = today()
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                # A placeholder until the row has its id (unique, and within the field's 32 characters).
                serial=f"pending-{secrets.token_hex(8)}",
                holder=holder,
                holder_name=holder.full_name,
                scheme=scheme,
                framework_version=f"{scheme.role.framework.title} {scheme.role.framework.version}",
                language=holder.preferred_language or "en",
                issued_at=issued_at,
                issued_by=actor,
                valid_from=valid_from,
                valid_until=add_months(valid_from, scheme.validity_months),
            )
            certificate.serial = f"S4C-{issued_at.year}-{certificate.pk:06d}"
            certificate.save(update_fields=["serial"])
            CertificateCompetence.objects.bulk_create(
                CertificateCompetence(
                    certificate=certificate, competence=item.competence, level=item.level, source=item.source
                )
                for item in outcome.attested
            )
            _record(certificate, CertificateEvent.Action.ISSUED, actor)
            transaction.on_commit(lambda: queue_pdf(certificate.pk))
    except IntegrityError:
        raise ApplicationError(
            _("%(name)s already holds a certificate for this scheme: renew it instead.")
            % {"name": holder.full_name}
        ) from None
    return certificate


def batch_start(*, scheme: CertificationScheme, holder_ids: list[int], actor: User) -> CertificateBatch:
    _require_certifier(actor)
    holder_ids = sorted({int(pk) for pk in holder_ids})
    if not holder_ids:
        raise _field_error("holders", _("Choose at least one candidate."))
    with transaction.atomic():
        batch = CertificateBatch.objects.create(scheme=scheme, created_by=actor, holder_ids=holder_ids)
        transaction.on_commit(lambda: queue_batch(batch.pk))
    return batch


def batch_run(batch_id: int) -> CertificateBatch:
    """Issue the batch's certificates one by one; each candidate's outcome is recorded as it goes,
    so a batch delivered again continues where it stopped.

    Each candidate is issued and recorded in one transaction under the batch's row lock: a run
    that stops half-way (an outage of the database or of Redis, a lost worker) leaves no candidate
    half done, and the sweep (``queue_pending_pdfs``) may queue the batch again while an earlier
    delivery still runs: each candidate is issued and counted once."""
    batch = CertificateBatch.objects.select_related("scheme__role__framework", "created_by").get(pk=batch_id)
    if batch.status == CertificateBatch.Status.FINISHED:
        return batch
    CertificateBatch.objects.filter(pk=batch.pk, status=CertificateBatch.Status.QUEUED).update(
        status=CertificateBatch.Status.RUNNING
    )
    done = {row["holder"] for row in batch.results}
    holders = User.objects.in_bulk([pk for pk in batch.holder_ids if pk not in done])
    for holder_id in batch.holder_ids:
        if holder_id in done:
            continue
        with transaction.atomic():
            locked = CertificateBatch.objects.select_for_update().get(pk=batch.pk)
            if any(row["holder"] == holder_id for row in locked.results):
                continue  # another delivery of the batch did this one
            holder = holders.get(holder_id)
            row: dict[str, object] = {
                "holder": holder_id,
                "name": holder.full_name if holder else str(holder_id),
            }
            try:
                if holder is None:
                    raise ApplicationError(_("This person no longer exists."))
                certificate = certificate_issue(scheme=batch.scheme, holder=holder, actor=batch.created_by)
                row["serial"] = certificate.serial
                locked.issued += 1
            except (ApplicationError, PermissionDenied) as error:
                row["reason"] = str(getattr(error, "message", error))
                locked.refused += 1
            locked.results.append(row)
            locked.save(update_fields=["results", "issued", "refused"])
    with transaction.atomic():
        batch = (
            CertificateBatch.objects.select_for_update(of=("self",))
            .select_related("scheme__role__framework", "created_by")
            .get(pk=batch.pk)
        )
        if batch.status != CertificateBatch.Status.FINISHED:
            batch.status = CertificateBatch.Status.FINISHED
            batch.finished_at = timezone.now()
            batch.save(update_fields=["status", "finished_at"])
    return batch


# --- Changes to an issued certificate ---------------------------------------------------------------


def _latest(certificate: Certificate) -> Certificate:
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.status == Certificate.Status.SUPERSEDED:
        raise ApplicationError(_("This version was superseded by a correction; change the latest version."))
    return locked


def certificate_revoke(*, certificate: Certificate, actor: User, reason: str) -> Certificate:
    _require_certifier(actor)
    reason = reason.strip()
    if not reason:
        raise _field_error("reason", _("Say why the certificate is revoked."))
    with transaction.atomic():
        locked = _latest(certificate)
        if locked.status == Certificate.Status.REVOKED:
            raise ApplicationError(_("This certificate is already revoked."))
        locked.status = Certificate.Status.REVOKED
        locked.revoked_at = timezone.now()
        locked.revocation_reason = reason
        locked.save(update_fields=["status", "revoked_at", "revocation_reason"])
        _record(locked, CertificateEvent.Action.REVOKED, actor, reason)
    return locked


def _passed_again_since(certificate: Certificate, since: datetime.datetime) -> bool:
    exams = {
        exam.test_id: exam.min_score for exam in SchemeExam.objects.filter(scheme_id=certificate.scheme_id)
    }
    if not exams:
        return False
    best: dict[int, Decimal] = {}
    for test_id, score in Attempt.objects.filter(
        learner_id=certificate.holder_id, test_id__in=exams, status__in=FINISHED, finished_at__gt=since
    ).values_list("test_id", "score"):
        best[test_id] = max(best.get(test_id, Decimal(0)), score or Decimal(0))
    return all(best.get(test_id, Decimal(-1)) >= minimum for test_id, minimum in exams.items())


def certificate_renew(
    *, certificate: Certificate, actor: User, evidence: str = "", hours: int = 0
) -> Certificate:
    """A new validity period for the same certificate (same serial and code), under the scheme's
    renewal rule; the old dates stay in the history."""
    _require_certifier(actor)
    with transaction.atomic():
        locked = _latest(certificate)
        if locked.status == Certificate.Status.REVOKED:
            raise ApplicationError(_("A revoked certificate cannot be renewed."))
        scheme = locked.scheme
        last = (
            locked.events.filter(action__in=[CertificateEvent.Action.ISSUED, CertificateEvent.Action.RENEWED])
            .order_by("-at")
            .values_list("at", flat=True)
            .first()
        ) or locked.issued_at
        if scheme.renewal == CertificationScheme.Renewal.RE_EXAM:
            if not _passed_again_since(locked, last):
                raise ApplicationError(
                    _("Renewal needs the required exams passed again since %(date)s.")
                    % {"date": timezone.localtime(last).date().isoformat()}
                )
        else:
            if not evidence.strip():
                raise _field_error(
                    "evidence", _("Describe the continuing education that renews the certificate.")
                )
            if hours < scheme.renewal_hours:
                raise _field_error(
                    "hours",
                    _("Renewal needs at least %(hours)s hours of continuing education.")
                    % {"hours": scheme.renewal_hours},
                )
        previous = locked.valid_until
        start = max(today(), previous)
        locked.valid_until = add_months(start, scheme.validity_months)
        locked.pdf_status = Certificate.Pdf.PENDING
        locked.save(update_fields=["valid_until", "pdf_status"])
        _record(
            locked,
            CertificateEvent.Action.RENEWED,
            actor,
            evidence.strip(),
            previous_valid_until=previous.isoformat(),
            valid_until=locked.valid_until.isoformat(),
            hours=hours,
        )
        transaction.on_commit(lambda: queue_pdf(locked.pk))
    return locked


def certificate_reissue(
    *, certificate: Certificate, actor: User, correction: str, holder_name: str = "", language: str = ""
) -> Certificate:
    """A corrected version with the same serial and verification code; the old one is superseded."""
    _require_certifier(actor)
    correction = correction.strip()
    if not correction:
        raise _field_error("correction", _("Say what is corrected."))
    languages = {code for code, _name in Certificate._meta.get_field("language").choices or []}
    if language and language not in languages:
        raise _field_error("language", _("Choose one of the platform's languages."))
    with transaction.atomic():
        old = _latest(certificate)
        if old.status == Certificate.Status.REVOKED:
            raise ApplicationError(_("A revoked certificate cannot be re-issued."))
        # Superseded first: only one version of a code may be the latest.
        old.status = Certificate.Status.SUPERSEDED
        old.save(update_fields=["status"])
        new = Certificate.objects.create(
            serial=old.serial,
            code=old.code,
            version=old.version + 1,
            holder_id=old.holder_id,
            holder_name=holder_name.strip() or old.holder_name,
            scheme_id=old.scheme_id,
            framework_version=old.framework_version,
            language=language or old.language,
            issued_at=timezone.now(),
            issued_by=actor,
            valid_from=old.valid_from,
            valid_until=old.valid_until,
            correction=correction,
            listed_in_registry=old.listed_in_registry,
        )
        CertificateCompetence.objects.bulk_create(
            CertificateCompetence(
                certificate=new, competence_id=c.competence_id, level_id=c.level_id, source=c.source
            )
            for c in old.competences.all()
        )
        old.superseded_by = new
        old.save(update_fields=["superseded_by"])
        _record(old, CertificateEvent.Action.SUPERSEDED, actor, correction, version=new.version)
        _record(new, CertificateEvent.Action.REISSUED, actor, correction, previous_version=old.version)
        transaction.on_commit(lambda: queue_pdf(new.pk))
    return new


def pdf_retry(*, certificate: Certificate, actor: User) -> Certificate:
    _require_certifier(actor)
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.pdf_status == Certificate.Pdf.READY:
            raise ApplicationError(_("The PDF is already there."))
        locked.pdf_status = Certificate.Pdf.PENDING
        locked.pdf_error = ""
        locked.save(update_fields=["pdf_status", "pdf_error"])
        _record(locked, CertificateEvent.Action.PDF_RETRY, actor)
        transaction.on_commit(lambda: queue_pdf(locked.pk))
    return locked


def registry_listing_set(*, certificate: Certificate, holder: User, listed: bool) -> Certificate:
    if certificate.holder_id != holder.pk:
        raise PermissionDenied(_("Only the holder decides whether a certificate is listed."))
    Certificate.objects.filter(code=certificate.code).update(listed_in_registry=listed)
    certificate.listed_in_registry = listed
    return certificate


# --- Validation of prior learning -----------------------------------------------------------------


def case_open(
    *, learner: User, scheme: CertificationScheme, competence_ids: list[int], statement: str
) -> ValidationCase:
    """Identification: the learner names the competences of the role they want validated."""
    if not scheme.is_published:
        raise ApplicationError(_("This scheme is not published."))
    if not scheme.validation_allowed:
        raise ApplicationError(_("This scheme does not accept validation of prior learning."))
    required = set(
        RoleRequirement.objects.filter(role_id=scheme.role_id).values_list("competence_id", flat=True)
    )
    chosen = {int(pk) for pk in competence_ids}
    if not chosen:
        raise _field_error("competences", _("Choose at least one competence."))
    if not chosen <= required:
        raise _field_error("competences", _("Choose competences of this job role only."))
    try:
        with transaction.atomic():
            case = ValidationCase.objects.create(
                learner=learner,
                scheme=scheme,
                statement=statement.strip(),
                phase=ValidationCase.Phase.DOCUMENTATION,
            )
            ValidationClaim.objects.bulk_create(
                ValidationClaim(case=case, competence_id=pk) for pk in sorted(chosen)
            )
    except IntegrityError:
        raise ApplicationError(_("You already have an open validation case for this scheme.")) from None
    return case


@dataclass(frozen=True)
class EvidenceInput:
    kind: str
    description: str = ""
    url: str = ""
    name: str = ""
    size: int = 0
    handle: IO[bytes] | None = None


def evidence_add(*, claim: ValidationClaim, learner: User, evidence: EvidenceInput) -> Evidence:
    """Documentation: a file (checked like learning materials), a link or a description."""
    case = claim.case
    if case.learner_id != learner.pk:
        raise PermissionDenied(_("This is not your validation case."))
    if case.phase != ValidationCase.Phase.DOCUMENTATION:
        raise ApplicationError(_("Evidence can be added only while the case is being documented."))
    description = evidence.description.strip()
    row = Evidence(claim=claim, kind=evidence.kind, description=description)
    if evidence.kind == Evidence.Kind.FILE:
        if evidence.handle is None:
            raise _field_error("file", _("Choose a file."))
        kind = check_upload(name=evidence.name, size=evidence.size, handle=evidence.handle)
        row.original_name, row.mime_type, row.size = evidence.name, kind.mime, evidence.size
        evidence.handle.seek(0)
        row.file.save(evidence.name, File(evidence.handle), save=False)
    elif evidence.kind == Evidence.Kind.LINK:
        try:
            URLValidator(schemes=["http", "https"])(evidence.url)
        except ValidationError:
            raise _field_error("url", _("Enter a web address starting with http:// or https://.")) from None
        row.url = evidence.url
    elif evidence.kind == Evidence.Kind.DESCRIPTION:
        if not description:
            raise _field_error("description", _("Describe what you did and what it shows."))
    else:
        raise _field_error("kind", _("Choose a file, a link or a description."))
    try:
        row.save()
    except Exception:
        if row.file:
            row.file.delete(save=False)
        raise
    return row


def case_submit(*, case: ValidationCase, learner: User) -> ValidationCase:
    if case.learner_id != learner.pk:
        raise PermissionDenied(_("This is not your validation case."))
    if case.phase != ValidationCase.Phase.DOCUMENTATION:
        raise ApplicationError(_("This case was already submitted."))
    without = [
        claim.competence.code
        for claim in case.claims.select_related("competence")
        if not claim.evidence.exists()
    ]
    if without:
        raise ApplicationError(
            _("Add evidence for every claimed competence first; missing: %(codes)s.")
            % {"codes": ", ".join(without)}
        )
    case.phase = ValidationCase.Phase.ASSESSMENT
    case.submitted_at = timezone.now()
    case.save(update_fields=["phase", "submitted_at"])
    return case


def case_assess(
    *, case: ValidationCase, assessor: User, decisions: Mapping[int, tuple[str, int | None, str]]
) -> ValidationCase:
    """Assessment: claim id → (accepted/rejected, level id or None, comment). Accepting needs a
    level; rejecting needs a comment. The case closes (certification phase) when all are decided."""
    _require_certifier(assessor)
    if case.learner_id == assessor.pk:
        raise ApplicationError(_("Nobody may assess their own validation case."))
    if case.phase != ValidationCase.Phase.ASSESSMENT:
        raise ApplicationError(_("This case is not waiting for assessment."))
    claims = {claim.pk: claim for claim in case.claims.select_related("competence")}
    levels = ProficiencyLevel.objects.in_bulk([lvl for _d, lvl, _c in decisions.values() if lvl])
    errors: dict[str, list[str]] = {}
    for claim_id, (decision, level_id, comment) in decisions.items():
        claim = claims.get(claim_id)
        if claim is None:
            errors.setdefault("decisions", []).append(
                _("A decision names a competence that is not in this case.")
            )
            continue
        if decision not in (ValidationClaim.Decision.ACCEPTED, ValidationClaim.Decision.REJECTED):
            continue
        if decision == ValidationClaim.Decision.ACCEPTED and (level_id is None or level_id not in levels):
            errors.setdefault(f"level_{claim_id}", []).append(
                _("Give the level at which %(code)s is accepted.") % {"code": claim.competence.code}
            )
        if decision == ValidationClaim.Decision.REJECTED and not comment.strip():
            errors.setdefault(f"comment_{claim_id}", []).append(
                _("Say why %(code)s is rejected.") % {"code": claim.competence.code}
            )
    if errors:
        raise ApplicationError(_("Some decisions are incomplete."), field_errors=errors)
    now = timezone.now()
    with transaction.atomic():
        for claim_id, (decision, level_id, comment) in decisions.items():
            if decision not in (ValidationClaim.Decision.ACCEPTED, ValidationClaim.Decision.REJECTED):
                continue
            claim = claims[claim_id]
            claim.decision = decision
            claim.level_id = level_id if decision == ValidationClaim.Decision.ACCEPTED else None
            claim.comment = comment.strip()
            claim.decided_by = assessor
            claim.decided_at = now
            claim.save(update_fields=["decision", "level", "comment", "decided_by", "decided_at"])
        case.assessor = assessor
        if all(claim.decision != ValidationClaim.Decision.PENDING for claim in claims.values()):
            case.phase = ValidationCase.Phase.CERTIFICATION
            case.closed_at = now
        case.save(update_fields=["assessor", "phase", "closed_at"])
        audit.record(
            AuditEntry.Action.VALIDATION_ASSESSED,
            case,
            actor=assessor,
            label=f"{case.learner.full_name}: {case.scheme}",
            decisions={
                claims[claim_id].competence.code: {
                    "decision": decision,
                    "level": level_id,
                    "comment": comment.strip(),
                }
                for claim_id, (decision, level_id, comment) in decisions.items()
                if decision in (ValidationClaim.Decision.ACCEPTED, ValidationClaim.Decision.REJECTED)
            },
            phase=case.phase,
        )
    return case


def competences_of(scheme: CertificationScheme) -> list[Competence]:
    return [
        requirement.competence
        for requirement in RoleRequirement.objects.filter(role_id=scheme.role_id)
        .select_related("competence")
        .order_by("competence__code")
    ]
