import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db, demo_password):
    """The demo content: scales, e-CF, the Smart City framework and its roles, one user per role."""
    call_command("load_demo", stdout=open("/dev/null", "w"))
