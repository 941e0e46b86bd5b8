import pytest
from django.urls import reverse

from psoas_tracker.rows import url_maker


@pytest.mark.parametrize("name", ["assessments:detail", "accounts:end_link"])
@pytest.mark.parametrize("value", [1, 42, 2_000_000_001, 9_000_000_000])
def test_url_maker_builds_what_reverse_does(name, value):
    assert url_maker(name)(value) == reverse(name, args=[value])
