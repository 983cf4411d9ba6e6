"""Discovery of demo content.

Every app may ship a ``demo.py`` with ``load(*, password: str, log: Callable[[str], None])``.
``load_demo`` runs them in ``INSTALLED_APPS`` order (lower layers first) inside one transaction,
so a later app can build on what an earlier one created and a failure leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.db import transaction


def demo_loaders() -> list[tuple[str, Callable[..., None]]]:
    loaders = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.demo"
        if config.name == "core" or find_spec(module_name) is None:
            continue
        loaders.append((config.label, import_module(module_name).load))
    return loaders


def load_all(*, password: str, log: Callable[[str], None]) -> None:
    with transaction.atomic():
        for label, load in demo_loaders():
            log(f"{label}: loading demo content")
            load(password=password, log=log)
