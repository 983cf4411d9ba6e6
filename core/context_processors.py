"""Template context shared by every page: the navigation the current user may see, and the
languages offered by the switcher, each in its own name."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language_info

from core import navigation as nav


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    roles: list[str] = []
    if user is not None and user.is_authenticated:
        roles = list(getattr(user, "role_names", []))
    return {
        "nav_items": nav.items_for(user, roles),
        "switcher_languages": [
            {"code": code, "name_local": get_language_info(code)["name_local"]}
            for code, _ in settings.LANGUAGES
        ],
    }
