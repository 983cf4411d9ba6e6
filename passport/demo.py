"""Demo content (``load_demo``): the demo city administration's departments and 24 staff members
with varied evidence, so that the passport, the gap analysis and HR's needs view show real
results. Everything goes through the services: staff rate themselves, some sit their target
role's exam, one has prior learning validated, and 22 of them consent to share with HR (two do
not, and HR never sees them)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.hashers import make_password

from accounts import services as account_services
from accounts.models import Organisation, User
from accounts.roles import Role
from certification import services as certification_services
from certification.demo import CERTIFIER, sit_exam, validation_case_submit
from certification.models import Certificate, CertificationScheme, ValidationCase
from competencies.models import JobRole, ProficiencyLevel, RoleRequirement
from competencies.services import translated, upsert
from curriculum.models import Attempt, Test
from passport import services
from passport.models import Department, SelfAssessment, StaffMember

CITY = "demo-city-sofia"
LANGS = ("en", "bg", "ro", "de", "es", "el")

DEPARTMENTS = {
    "digital": (
        "Digital Services",
        "Дигитални услуги",
        "Servicii digitale",
        "Digitale Dienste",
        "Servicios digitales",
        "Ψηφιακές υπηρεσίες",
    ),
    "mobility": (
        "Urban Mobility",
        "Градска мобилност",
        "Mobilitate urbană",
        "Städtische Mobilität",
        "Movilidad urbana",
        "Αστική κινητικότητα",
    ),
    "energy": (
        "Energy and Climate",
        "Енергия и климат",
        "Energie și climă",
        "Energie und Klima",
        "Energía y clima",
        "Ενέργεια και κλίμα",
    ),
    "planning": ("Urban Planning", "Градоустройство", "Urbanism", "Stadtplanung", "Urbanismo", "Πολεοδομία"),
    "eu-projects": (
        "EU Projects Office",
        "Европейски проекти",
        "Biroul de proiecte europene",
        "EU-Projektbüro",
        "Oficina de Proyectos Europeos",
        "Γραφείο Ευρωπαϊκών Προγραμμάτων",
    ),
}

TECHNICIAN = "smart-city-technician"
ENGINEER = "smart-city-engineer"
DEVELOPER = "smart-city-project-developer"
MANAGER = "smart-city-project-manager"
CONSULTANT = "smart-city-project-management-consultant"

#: email, name, department, target role, how they rate themselves (levels below the target; None:
#: not at all), share of exam questions answered right (None: no exam), consents to share.
STAFF: list[tuple[str, str, str, str, int | None, float | None, bool]] = [
    ("learner@example.org", "", "digital", TECHNICIAN, 0, None, True),
    ("georgi.dimitrov@example.org", "Георги Димитров", "digital", ENGINEER, 0, 1.0, True),
    ("ivan.petrov@example.org", "Иван Петров", "digital", ENGINEER, 1, 0.7, True),
    ("maria.georgieva@example.org", "Мария Георгиева", "digital", TECHNICIAN, 0, 0.9, True),
    ("nikolay.stoyanov@example.org", "Николай Стоянов", "digital", TECHNICIAN, 1, None, True),
    ("elena.nikolova@example.org", "Елена Николова", "digital", ENGINEER, None, None, True),
    ("dimitar.hristov@example.org", "Димитър Христов", "mobility", TECHNICIAN, 0, 0.5, True),
    ("petya.kostadinova@example.org", "Петя Костадинова", "mobility", ENGINEER, 1, None, True),
    ("stefan.marinov@example.org", "Стефан Маринов", "mobility", TECHNICIAN, 2, None, True),
    ("desislava.ilieva@example.org", "Десислава Илиева", "mobility", ENGINEER, 0, 0.8, True),
    ("aleksandar.todorov@example.org", "Александър Тодоров", "energy", ENGINEER, 1, 0.4, True),
    ("radostina.angelova@example.org", "Радостина Ангелова", "energy", ENGINEER, 0, None, True),
    ("kalin.vasilev@example.org", "Калин Василев", "energy", TECHNICIAN, None, None, True),
    ("viktoria.pavlova@example.org", "Виктория Павлова", "planning", DEVELOPER, 0, 1.0, True),
    ("borislav.atanasov@example.org", "Борислав Атанасов", "planning", DEVELOPER, 1, None, True),
    ("teodora.mihaylova@example.org", "Теодора Михайлова", "planning", DEVELOPER, 2, None, True),
    ("martin.kolev@example.org", "Мартин Колев", "planning", MANAGER, 1, None, True),
    ("yoana.ruseva@example.org", "Йоана Русева", "eu-projects", MANAGER, 0, 0.8, True),
    ("hristo.genchev@example.org", "Христо Генчев", "eu-projects", MANAGER, 1, None, True),
    ("vesela.kirilova@example.org", "Весела Кирилова", "eu-projects", CONSULTANT, 0, None, True),
    ("lyubomir.yanev@example.org", "Любомир Янев", "eu-projects", CONSULTANT, 1, None, True),
    ("tsvetelina.doncheva@example.org", "Цветелина Дончева", "eu-projects", DEVELOPER, None, None, True),
    ("plamen.slavov@example.org", "Пламен Славов", "mobility", ENGINEER, 0, None, False),
    ("ralitsa.boneva@example.org", "Ралица Бонева", "planning", DEVELOPER, 1, None, False),
]

#: Prior learning validated for this staff member (accepted by the demo certifier).
VALIDATED = "borislav.atanasov@example.org"
#: Staff who passed their exam and were certified by the demo certifier.
CERTIFIED = ("georgi.dimitrov@example.org", "viktoria.pavlova@example.org")


def load(*, password: str, log: Callable[[str], None]) -> None:
    organisation = Organisation.objects.get(slug=CITY)
    departments = {
        slug: upsert(
            Department,
            {"organisation": organisation, "slug": slug},
            translated("name", dict(zip(LANGS, names, strict=True))),
        )[0]
        for slug, names in DEPARTMENTS.items()
    }
    roles = {
        role.slug: role
        for role in JobRole.objects.filter(framework__key="smart-city", framework__version="1.0")
    }
    requirements: dict[int, list[RoleRequirement]] = {}
    for requirement in (
        RoleRequirement.objects.filter(role__in=roles.values())
        .select_related("level")
        .order_by("competence__code")
    ):
        requirements.setdefault(requirement.role_id, []).append(requirement)
    levels = {(level.scale_id, level.rank): level for level in ProficiencyLevel.objects.all()}
    hr = User.objects.get(email="hr@example.org")
    # One hash for all the demo staff: password hashing is slow on purpose, 24 times would be seconds.
    hashed = make_password(password)
    for index, (email, name, department, role_slug, below, share, consents) in enumerate(STAFF):
        person = User.objects.filter(email=email).first()
        if person is None:
            person = account_services.user_create(
                email=email,
                full_name=name,
                password=None,
                preferred_language="bg",
                organisation=organisation,
                roles=(Role.LEARNER,),
            )
            User.objects.filter(pk=person.pk).update(password=hashed)
        elif person.organisation_id is None:
            person.organisation = organisation
            person.save(update_fields=["organisation"])
        role = roles[role_slug]
        if below is not None and not SelfAssessment.objects.filter(user=person).exists():
            ratings = []
            for position, requirement in enumerate(requirements[role.pk]):
                if (position + index) % 4 == 3:
                    continue  # not every competence gets a rating
                rank = max(1, requirement.level.rank - below - (position + index) % 2)
                ratings.append(
                    services.Rating(requirement.competence_id, levels[(requirement.level.scale_id, rank)].pk)
                )
            services.self_assessment_save(user=person, ratings=ratings)
        if share is not None:
            exam = Test.objects.get(slug=f"{role_slug}-exam")
            if not Attempt.objects.filter(test=exam, learner=person).exists():
                sit_exam(exam, person, share)
        if email in CERTIFIED:
            _certify(person, role)
        if email == VALIDATED:
            _validate(person, role)
        if consents and not StaffMember.objects.filter(user=person).exists():
            member = services.consent_set(user=person, consent=True)
            if member is not None:
                services.staff_update(
                    actor=hr, member=member, department=departments[department], target_role=role
                )
    log(
        f"  {len(departments)} departments, {StaffMember.objects.filter(organisation=organisation).count()} staff sharing with HR"
    )


def _certify(person: User, role: JobRole) -> None:
    scheme = CertificationScheme.objects.filter(role=role).first()
    if scheme is None or Certificate.objects.filter(holder=person, scheme=scheme).exists():
        return
    certifier = User.objects.get(email=CERTIFIER)
    certification_services.certificate_issue(scheme=scheme, holder=person, actor=certifier)


def _validate(person: User, role: JobRole) -> None:
    """Two competences of the role validated from prior learning, one at a higher level than asked."""
    scheme = CertificationScheme.objects.filter(role=role).first()
    if scheme is None or ValidationCase.objects.filter(learner=person, scheme=scheme).exists():
        return
    case = validation_case_submit(
        person,
        scheme,
        statement="Шест години ръководих проекти за градско обновяване в район Лозенец.",
        evidence="Ръководител на проекта за обновяване на междублоковите пространства (2019–2024).",
    )
    certifier = User.objects.get(email=CERTIFIER)
    required = {
        r.competence_id: r.level for r in RoleRequirement.objects.filter(role=role).select_related("level")
    }
    higher = {
        level.rank: level
        for level in ProficiencyLevel.objects.filter(scale_id=next(iter(required.values())).scale_id)
    }
    decisions = {}
    for position, claim in enumerate(case.claims.all()):
        target = required[claim.competence_id]
        level = higher.get(target.rank + 1, target) if position == 0 else target
        decisions[claim.pk] = ("accepted", level.pk, "Доказателствата са убедителни.")
    certification_services.case_assess(case=case, assessor=certifier, decisions=decisions)
