"""Demo organisations and one demo user per role (``load_demo``)."""

from collections.abc import Callable

from accounts import services
from accounts.models import Organisation, User
from accounts.roles import Role

LANGS = ("en", "bg", "ro", "de", "es", "el")

ORGANISATIONS = {
    "demo-city-sofia": {
        "kind": Organisation.Kind.CITY_ADMINISTRATION,
        "country": "BG",
        "name": (
            "Sofia Municipality (demo)",
            "Столична община (демо)",
            "Primăria Sofia (demo)",
            "Stadtverwaltung Sofia (Demo)",
            "Ayuntamiento de Sofía (demo)",
            "Δήμος Σόφιας (επίδειξη)",
        ),
        "city": ("Sofia", "София", "Sofia", "Sofia", "Sofía", "Σόφια"),
    },
    "demo-training-patras": {
        "kind": Organisation.Kind.TRAINING_PROVIDER,
        "country": "GR",
        "name": (
            "Smart City Training Academy Patras (demo)",
            "Академия за обучение „Умен град“ Патра (демо)",
            "Academia de formare Smart City Patras (demo)",
            "Smart-City-Trainingsakademie Patras (Demo)",
            "Academia de formación Ciudad Inteligente Patras (demo)",
            "Ακαδημία Κατάρτισης Έξυπνης Πόλης Πάτρας (επίδειξη)",
        ),
        "city": ("Patras", "Патра", "Patras", "Patras", "Patras", "Πάτρα"),
    },
    "demo-certification-vienna": {
        "kind": Organisation.Kind.CERTIFICATION_BODY,
        "country": "AT",
        "name": (
            "European Smart Skills Certification Body (demo)",
            "Европейски орган за сертифициране на умения за умни градове (демо)",
            "Organismul european de certificare a competențelor smart (demo)",
            "Europäische Zertifizierungsstelle für Smart-City-Kompetenzen (Demo)",
            "Organismo Europeo de Certificación de Competencias Inteligentes (demo)",
            "Ευρωπαϊκός Φορέας Πιστοποίησης Δεξιοτήτων Έξυπνης Πόλης (επίδειξη)",
        ),
        "city": ("Vienna", "Виена", "Viena", "Wien", "Viena", "Βιέννη"),
    },
}

#: email, full name, roles, organisation slug, preferred language, superuser
USERS = (
    ("learner@example.org", "Maria Ivanova", [Role.LEARNER], "demo-city-sofia", "bg", False),
    ("trainer@example.org", "Nikos Papadopoulos", [Role.TRAINER], "demo-training-patras", "el", False),
    ("hr@example.org", "Elena Popescu", [Role.HR_STAFF], "demo-city-sofia", "ro", False),
    ("certifier@example.org", "Katharina Huber", [Role.CERTIFIER], "demo-certification-vienna", "de", False),
    ("editor@example.org", "Lucía García", [Role.FRAMEWORK_EDITOR], None, "es", False),
    ("admin@example.org", "Platform Administrator", [], None, "en", True),
)


def load(*, password: str, log: Callable[[str], None]) -> None:
    organisations = {}
    for slug, data in ORGANISATIONS.items():
        translated = {f"name_{lang}": value for lang, value in zip(LANGS, data["name"], strict=True)}
        translated |= {f"city_{lang}": value for lang, value in zip(LANGS, data["city"], strict=True)}
        organisations[slug] = services.organisation_upsert(
            slug=slug, kind=data["kind"], country=data["country"], **translated
        )

    for email, full_name, roles, org_slug, language, superuser in USERS:
        organisation = organisations[org_slug] if org_slug else None
        user = User.objects.filter(email=email).first()
        if user is None:
            user = services.user_create(
                email=email,
                full_name=full_name,
                password=password,
                preferred_language=language,
                organisation=organisation,
                roles=roles,
                is_superuser=superuser,
            )
            log(f"  created {email}")
            continue
        # Existing demo user: bring it back to the demo state without touching what already matches.
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        if set(user.role_names) != set(roles):
            services.user_set_roles(user=user, roles=roles)
