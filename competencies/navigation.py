"""Menu entries offered by the competence framework: open to everyone."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, register

register(
    NavItem(
        key="frameworks", label=_("Competence frameworks"), url_name="competencies:framework_list", order=10
    ),
    NavItem(key="roles", label=_("Job roles"), url_name="competencies:role_list", order=20),
)
