from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db, demo_password):
    call_command("load_demo", stdout=StringIO())
