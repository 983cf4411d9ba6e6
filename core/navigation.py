"""Role-aware navigation.

Apps register the menu entries they offer in their own ``navigation.py`` (discovered at start-up);
each entry says who may see it. The header shows a user exactly the entries they may open, so a
menu entry never leads to a page that would refuse them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    #: Stable identifier, also used to order and test entries.
    key: str
    label: str | Promise
    url_name: str
    #: Lower numbers come first.
    order: int = 100
    login_required: bool = False
    staff_only: bool = False
    #: When set, only users holding at least one of these role groups (or superusers) see the entry.
    roles: frozenset[str] = field(default_factory=frozenset)

    def visible_to(self, user: Any, user_roles: Iterable[str]) -> bool:
        authenticated = bool(getattr(user, "is_authenticated", False))
        if (self.login_required or self.staff_only or self.roles) and not authenticated:
            return False
        if self.staff_only and not user.is_staff:
            return False
        if self.roles and not user.is_superuser and not self.roles.intersection(user_roles):
            return False
        return True


_registry: dict[str, NavItem] = {}


def register(*items: NavItem) -> None:
    for item in items:
        _registry[item.key] = item


def unregister(key: str) -> None:
    _registry.pop(key, None)


def items_for(user: Any, user_roles: Iterable[str]) -> list[dict[str, Any]]:
    roles = set(user_roles)
    visible = sorted(
        (item for item in _registry.values() if item.visible_to(user, roles)), key=lambda i: (i.order, i.key)
    )
    return [{"key": item.key, "label": item.label, "url": reverse(item.url_name)} for item in visible]


def _register_core_entries() -> None:
    from django.utils.translation import gettext_lazy as _

    register(NavItem(key="home", label=_("Home"), url_name="home", order=0))


_register_core_entries()
