"""Demo organisations and one demo user per role (``load_demo``)."""

from collections.abc import Callable
from dataclasses import dataclass

from accounts import services
from accounts.models import Organisation, User
from accounts.roles import Role

LANGS = ("en", "bg", "ro", "de", "es", "el")


@dataclass(frozen=True)
class DemoOrganisation:
    kind: str
    country: str
    #: One value per language, in the order of LANGS.
    name: tuple[str, ...]
    city: tuple[str, ...]


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    roles: tuple[str, ...]
    organisation: str | None
    language: str
    superuser: bool = False
    #: May open the administration site (framework editors edit drafts there).
    staff: bool = False


ORGANISATIONS = {
    "demo-city-sofia": DemoOrganisation(
        kind=Organisation.Kind.CITY_ADMINISTRATION,
        country="BG",
        name=(
            "Sofia Municipality (demo)",
            "Столична община (демо)",
            "Primăria Sofia (demo)",
            "Stadtverwaltung Sofia (Demo)",
            "Ayuntamiento de Sofía (demo)",
            "Δήμος Σόφιας (επίδειξη)",
        ),
        city=("Sofia", "София", "Sofia", "Sofia", "Sofía", "Σόφια"),
    ),
    "demo-training-patras": DemoOrganisation(
        kind=Organisation.Kind.TRAINING_PROVIDER,
        country="GR",
        name=(
            "Smart City Training Academy Patras (demo)",
            "Академия за обучение „Умен град“ Патра (демо)",
            "Academia de formare Smart City Patras (demo)",
            "Smart-City-Trainingsakademie Patras (Demo)",
            "Academia de formación Ciudad Inteligente Patras (demo)",
            "Ακαδημία Κατάρτισης Έξυπνης Πόλης Πάτρας (επίδειξη)",
        ),
        city=("Patras", "Патра", "Patras", "Patras", "Patras", "Πάτρα"),
    ),
    "demo-certification-vienna": DemoOrganisation(
        kind=Organisation.Kind.CERTIFICATION_BODY,
        country="AT",
        name=(
            "European Smart Skills Certification Body (demo)",
            "Европейски орган за сертифициране на умения за умни градове (демо)",
            "Organismul european de certificare a competențelor smart (demo)",
            "Europäische Zertifizierungsstelle für Smart-City-Kompetenzen (Demo)",
            "Organismo Europeo de Certificación de Competencias Inteligentes (demo)",
            "Ευρωπαϊκός Φορέας Πιστοποίησης Δεξιοτήτων Έξυπνης Πόλης (επίδειξη)",
        ),
        city=("Vienna", "Виена", "Viena", "Wien", "Viena", "Βιέννη"),
    ),
}

USERS = (
    DemoUser("learner@example.org", "Maria Ivanova", (Role.LEARNER,), "demo-city-sofia", "bg"),
    DemoUser("trainer@example.org", "Nikos Papadopoulos", (Role.TRAINER,), "demo-training-patras", "el"),
    DemoUser("hr@example.org", "Elena Popescu", (Role.HR_STAFF,), "demo-city-sofia", "ro"),
    DemoUser(
        "certifier@example.org", "Katharina Huber", (Role.CERTIFIER,), "demo-certification-vienna", "de"
    ),
    DemoUser("editor@example.org", "Lucía García", (Role.FRAMEWORK_EDITOR,), None, "es", staff=True),
    DemoUser("admin@example.org", "Platform Administrator", (), None, "en", superuser=True),
)


def load(*, password: str, log: Callable[[str], None]) -> None:
    organisations = {}
    for slug, data in ORGANISATIONS.items():
        translated = {f"name_{lang}": value for lang, value in zip(LANGS, data.name, strict=True)}
        translated |= {f"city_{lang}": value for lang, value in zip(LANGS, data.city, strict=True)}
        organisations[slug] = services.organisation_upsert(
            slug=slug, kind=data.kind, country=data.country, **translated
        )

    for demo in USERS:
        user = User.objects.filter(email=demo.email).first()
        if user is None:
            services.user_create(
                email=demo.email,
                full_name=demo.full_name,
                password=password,
                preferred_language=demo.language,
                organisation=organisations[demo.organisation] if demo.organisation else None,
                roles=demo.roles,
                is_superuser=demo.superuser,
                is_staff=demo.staff,
            )
            log(f"  created {demo.email}")
            continue
        # Existing demo user: bring it back to the demo state without touching what already matches.
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        if user.is_staff != (demo.staff or demo.superuser):
            user.is_staff = demo.staff or demo.superuser
            user.save(update_fields=["is_staff"])
        if set(user.role_names) != set(demo.roles):
            services.user_set_roles(user=user, roles=demo.roles)
