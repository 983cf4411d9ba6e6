from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        # Each app may contribute menu entries in its own navigation.py.
        autodiscover_modules("navigation")
