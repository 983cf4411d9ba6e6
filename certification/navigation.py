"""Menu entries of certification: schemes and verification for everyone, the learner's own
certification page, and the certifier's pages."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, register

register(
    NavItem(key="certification", label=_("Certification"), url_name="certification:schemes", order=38),
    NavItem(key="verify", label=_("Verify a certificate"), url_name="certification:verify_form", order=39),
    NavItem(
        key="my-certification",
        label=_("My certification"),
        url_name="certification:dashboard",
        order=43,
        roles=frozenset({"learner"}),
    ),
    NavItem(
        key="certificates",
        label=_("Certificates"),
        url_name="certification:certificates",
        order=51,
        roles=frozenset({"certifier"}),
    ),
)
