"""Files built to hold the worker, refused with their reason before they are decoded: a gzip
unpacking to a thousand times its size, millions of two-byte FIT records, a million track points.
"""

import gzip
import os
import time

import pytest

from tests.runs import fitwriter
from tests.runs.test_parsing import fixture, gpx_file, parse, refusal, tcx_file

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


def test_the_red_teams_fit_is_refused_for_its_records_before_it_is_decoded(red_team_fit):
    """Unpacked (or gzipped without repeats, past the ratio): five million records."""
    # Heart rates at random: gzip saves only a third, far within the ratio.
    noisy = fitwriter.tiny_records(RED_TEAM_RECORDS, values=os.urandom(RED_TEAM_RECORDS))
    for name, data in [("plain.fit", red_team_fit), ("noisy.fit.gz", gzip.compress(noisy))]:
        start = time.process_time()
        refused = refusal(name, data)
        assert time.process_time() - start < 2, name  # it took 30 s and 1 GB to decode
        assert refused.code == "too_large"
        assert refused.message == (
            "This FIT file holds over 500,000 records: more than a watch writes in a run, so "
            "it was not read."
        )


def test_a_gzip_packed_a_hundred_times_is_read_and_more_is_refused():
    one_mb_of_runs = fitwriter.tiny_records(600_000)  # 1.2 MB, packed ~1,000 times
    packed = gzip.compress(one_mb_of_runs)
    assert refusal("x.fit.gz", packed, max_ratio=100).message.startswith(
        "This gzipped file would unpack to over 100 times"
    )
    # The same bytes allowed a ratio of 10,000: unpacked, and refused for their records.
    refused = refusal("x.fit.gz", packed, max_ratio=10_000, max_records=1000)
    assert refused.message.startswith("This FIT file holds over 1,000 records")


@pytest.mark.parametrize(
    ("path", "messages"),
    [("fit/activity-small-fenix2-run.fit", 2825), ("fit/garmin-fenix-5-run.fit", 125)],
)
def test_a_fit_file_counts_every_data_message_as_the_sdk_decodes_them(path, messages):
    assert parse(path, fixture(path), max_records=messages).fmt == "fit"
    refused = refusal(path, fixture(path), max_records=messages - 1)
    assert refused.message.startswith(f"This FIT file holds over {messages - 1:,} records")


def test_a_gpx_file_of_more_track_points_than_allowed_is_refused_unparsed():
    data = gpx_file(seconds=600)
    assert parse("run.gpx", data, max_records=600).fmt == "gpx"
    assert refusal("run.gpx", data, max_records=599).message == (
        "This GPX file holds over 599 track points: more than a watch records in a run, so it "
        "was not read."
    )
    # A namespace prefix on the tags is counted too.
    prefixed = data.replace(b"<trkpt", b"<g:trkpt").replace(b"</trkpt", b"</g:trkpt")
    assert refusal("run.gpx", prefixed, max_records=599).code == "too_large"


def test_a_tcx_file_of_more_track_points_than_allowed_is_refused_unparsed():
    data = tcx_file(seconds=300)
    assert parse("run.tcx", data, max_records=300).fmt == "tcx"
    assert refusal("run.tcx", data, max_records=299).message == (
        "This TCX file holds over 299 track points: more than a watch records in a run, so it "
        "was not read."
    )
