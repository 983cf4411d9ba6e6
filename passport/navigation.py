"""Menu entries of the passport: everyone signed in has a passport; HR staff see their
organisation's competence needs."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, register

register(
    NavItem(
        key="passport", label=_("My skills passport"), url_name="passport:mine", order=40, login_required=True
    ),
    NavItem(
        key="needs",
        label=_("Competence needs"),
        url_name="passport:organisation",
        order=52,
        roles=frozenset({"hr_staff"}),
    ),
)
