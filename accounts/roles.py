"""The role groups of the platform. A user may hold several."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEARNER = "learner", _("Learner")
    TRAINER = "trainer", _("Trainer")
    HR_STAFF = "hr_staff", _("City HR staff")
    CERTIFIER = "certifier", _("Certifier")
    FRAMEWORK_EDITOR = "framework_editor", _("Framework editor")
