"""Menu entries offered by accounts."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, register

register(
    NavItem(
        key="profile", label=_("My profile"), url_name="accounts:profile", order=900, login_required=True
    ),
    NavItem(key="api", label=_("API"), url_name="api-docs", order=950, login_required=True),
    NavItem(key="admin", label=_("Administration"), url_name="admin:index", order=990, staff_only=True),
)
