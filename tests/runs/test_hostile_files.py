"""Files built to hold the worker, refused with their reason before they are decoded: a gzip
unpacking to a thousand times its size.
"""

import gzip
import time

import pytest

from tests.runs import fitwriter
from tests.runs.test_parsing import refusal

# The red team's file: a 14-byte header, one definition, then two-byte records to 10 MB.
RED_TEAM_RECORDS = (10 * 2**20 - 64) // 2


@pytest.fixture(scope="module")
def red_team_fit() -> bytes:
    return fitwriter.tiny_records(RED_TEAM_RECORDS)


def test_the_red_teams_gzipped_fit_is_refused_for_its_ratio_at_once(red_team_fit):
    packed = gzip.compress(red_team_fit)
    assert len(packed) < 20_000  # 10 MB in 10 KB: 5,000 of them fit a 52 MB zip
    start = time.process_time()
    refused = refusal("activities/1.fit.gz", packed)
    assert time.process_time() - start < 1
    assert refused.code == "too_large"
    assert refused.message == (
        "This gzipped file would unpack to over 100 times its size: it looks built to overflow "
        "the server, so it was not read."
    )


def test_a_gzip_packed_a_hundred_times_is_read_and_more_is_refused():
    one_mb_of_runs = fitwriter.tiny_records(600_000)  # 1.2 MB, packed ~1,000 times
    packed = gzip.compress(one_mb_of_runs)
    assert refusal("x.fit.gz", packed, max_ratio=100).message.startswith(
        "This gzipped file would unpack to over 100 times"
    )
    # The same bytes allowed a ratio of 10,000: unpacked, and refused for having no times.
    assert refusal("x.fit.gz", packed, max_ratio=10_000).code == "empty"
