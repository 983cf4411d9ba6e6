"""Extension points for the apps above competencies (which this app never imports).

A higher app (curriculum, certification…) registers a function that, given a job role, returns
links to show on the role page, e.g. the course that teaches the role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from competencies.models import JobRole


@dataclass(frozen=True)
class RoleLink:
    label: str
    title: str
    url: str


_role_link_providers: list[Callable[[JobRole], list[RoleLink]]] = []


def register_role_links(provider: Callable[[JobRole], list[RoleLink]]) -> None:
    if provider not in _role_link_providers:
        _role_link_providers.append(provider)


def role_links(role: JobRole) -> list[RoleLink]:
    return [link for provider in _role_link_providers for link in provider(role)]
