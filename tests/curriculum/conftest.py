from io import StringIO

import pytest
from django.core.management import call_command

from tests.conftest import SHARED_DATA

MOODLE_FIXTURE = SHARED_DATA / "question-banks" / "moodle-core-fixture.gift"


@pytest.fixture
def demo(db, demo_password):
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def moodle_fixture() -> str:
    """Moodle's own GIFT test file (third-party data, read where it is, never copied)."""
    if not MOODLE_FIXTURE.exists():
        pytest.skip(
            f"Moodle's GIFT fixture is not at {MOODLE_FIXTURE} (third-party data kept outside the project)"
        )
    return MOODLE_FIXTURE.read_text(encoding="utf-8")
