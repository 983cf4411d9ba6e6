"""Menu entries of the trainers app: the registry for everyone, the accreditation pages by role."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, register

register(
    NavItem(key="trainer-registry", label=_("Accredited trainers"), url_name="trainers:registry", order=37),
    NavItem(
        key="my-accreditation",
        label=_("My accreditation"),
        url_name="trainers:my_accreditation",
        order=42,
        roles=frozenset({"trainer"}),
    ),
    NavItem(
        key="accreditation-queue",
        label=_("Accreditations"),
        url_name="trainers:accreditation_queue",
        order=50,
        roles=frozenset({"certifier"}),
    ),
)
