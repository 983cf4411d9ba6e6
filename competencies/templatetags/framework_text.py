"""Template helpers for translated framework content."""

from django import template
from django.db.models import Model
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def tr(obj: Model | None, field: str) -> SafeString | str:
    """The field in the current language; when it is not translated yet, the English text marked
    as such (with ``lang="en"`` so screen readers switch voice), never silently."""
    if obj is None:
        return ""
    language = (get_language() or "en").split("-")[0]
    value = getattr(obj, f"{field}_{language}", None)
    if value:
        return value
    english = getattr(obj, f"{field}_en", None) or ""
    if not english or language == "en":
        return english
    return format_html(
        '<span lang="en">{}</span> <span class="untranslated">({})</span>', english, _("not yet translated")
    )
