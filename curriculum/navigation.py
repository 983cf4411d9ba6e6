"""Menu entries offered by the curriculum: open to everyone."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, register

register(NavItem(key="courses", label=_("Courses"), url_name="curriculum:course_list", order=30))
