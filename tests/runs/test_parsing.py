"""Activity files to runs: every fixture file, gzip and export zips, limits and hostile input.

Expected figures come from what each file states about itself (a FIT session's totals, a TCX
lap's, a GPX's times) or from the file written here, never from this code's own output.
"""

import contextlib
import gzip
import hashlib
import io
import random
import struct
import zipfile
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from apps.runs import parsing
from apps.runs.parsing import Refused, check_not_future, expand
from apps.runs.parsing import fit as fit_reader
from apps.runs.parsing.summary import summarise
from apps.runs.services import hill_rule
from tests.runs import fitwriter

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "activities"
START = datetime(2026, 5, 1, 6, 0, tzinfo=UTC)


def fixture(path: str) -> bytes:
    return (FIXTURES / path).read_bytes()


def parse(name: str, data: bytes, **kwargs):
    """parsing.parse() with the hill rule the app passes it (settings, through hill_rule())."""
    grade, distance = hill_rule()
    return parsing.parse(
        name, data, **{"hill_grade_pct": grade, "hill_min_distance_m": distance, **kwargs}
    )


def refusal(name: str, data: bytes, **kwargs) -> Refused:
    with pytest.raises(Refused) as caught:
        parse(name, data, **kwargs)
    return caught.value


def fit_run(seconds=600, **kwargs) -> bytes:
    records = fitwriter.steady_records(START, seconds)
    return fitwriter.activity_file(records, **kwargs)


# --- FIT fixtures ---------------------------------------------------------------------------


def test_fenix2_run_matches_its_session_message():
    data = fixture("fit/activity-small-fenix2-run.fit")
    run = parse("activity-small-fenix2-run.fit", data)
    # The session message: start 14:45:08, 2,832 s elapsed and on the timer, 9,008.22 m,
    # total_ascent 64 m, avg_running_cadence 81 strides/min (no fractional part) = 162 steps/min.
    assert run.fmt == "fit"
    assert run.sport == "running"
    assert run.device == "Garmin fenix 2"
    assert run.started_at == datetime(2015, 8, 15, 14, 45, 8, tzinfo=UTC)
    assert run.elapsed_s == 2832  # about 47 min
    assert 2700 <= run.moving_s <= 2832
    assert run.distance_m == pytest.approx(9008.2, abs=0.1)
    assert run.elevation_gain_m == 64
    assert run.elevation_source == "device"
    assert run.cadence_spm == pytest.approx(162, abs=2)  # not 81: strides doubled to steps
    # Summed strides x 2 over the run: about 162 steps/min for 47 minutes.
    assert run.steps == pytest.approx(162 * run.moving_s / 60, rel=0.03)
    assert run.step_length_m == pytest.approx(run.distance_m / run.steps, rel=0.03)
    assert run.gct_balance_left_pct is None  # the Fenix 2 records no stance_time_balance
    assert run.sha256 == hashlib.sha256(data).hexdigest()
    assert run.climbs
    assert run.climbing_s == sum(c.duration_s for c in run.climbs)
    grade, distance = hill_rule()
    for climb in run.climbs:
        assert climb.grade_pct >= grade
        assert climb.distance_m >= distance
        assert 0 <= climb.start_offset_s < run.elapsed_s


def test_fenix2_records_alone_give_about_the_watchs_64_m():
    """Our fallback gain (no session total) agrees with the watch's own barometric figure."""
    track = fit_reader.read(fixture("fit/activity-small-fenix2-run.fit"))
    track.ascent_m = None
    track.altitude_barometric = True  # the Fenix 2 has a barometric altimeter
    grade, distance = hill_rule()
    run = summarise(track, sha256="", hill_grade_pct=grade, hill_min_distance_m=distance)
    assert run.elevation_gain_m == pytest.approx(64, rel=0.1)
    assert run.elevation_source == "barometric"


def test_fenix5_run_with_running_dynamics_matches_its_session():
    run = parse("garmin-fenix-5-run.fit", fixture("fit/garmin-fenix-5-run.fit"))
    # Session: 56.887 s, 157.56 m, total_strides 78, total_ascent 2 m, avg_running_cadence 83
    # + avg_fractional_cadence 0.671875 strides/min, avg_step_length 971.7 mm,
    # avg_stance_time_balance 52.39 % left.
    assert run.device == "Garmin fenix 5"
    assert run.started_at == datetime(2017, 6, 11, 14, 34, 9, tzinfo=UTC)
    assert run.elapsed_s == 57
    assert run.distance_m == pytest.approx(157.6, abs=0.1)
    assert run.elevation_gain_m == 2
    assert run.steps == 156  # 78 strides, both feet
    assert run.cadence_spm == pytest.approx(2 * (83 + 0.671875), rel=0.05)
    assert run.step_length_m == pytest.approx(0.9717, rel=0.03)
    assert run.gct_balance_left_pct == pytest.approx(52.39, abs=0.3)
    assert run.climbs == ()


def test_ride_fit_is_refused():
    error = refusal("sample-activity.fit", fixture("fit/sample-activity.fit"))
    assert error.code == "not_a_run"
    assert error.message == "This is a ride, not a run."


def test_truncated_fit_is_refused_whole():
    error = refusal("activity-unexpected-eof.fit", fixture("fit/activity-unexpected-eof.fit"))
    assert error.code == "truncated"


def test_fit_with_a_corrupt_second_header_is_refused_whole():
    # Its first part holds a complete session; the bytes after it are not FIT. No half result.
    data = fixture("fit/activity-settings-corruptheader.fit")
    assert refusal("activity-settings-corruptheader.fit", data).code == "corrupt"


@pytest.mark.parametrize("cut", [13, 500, 60_000, 121_830])
def test_fit_cut_anywhere_is_truncated(cut):
    data = fixture("fit/activity-small-fenix2-run.fit")[:cut]
    assert refusal("run.fit", data).code == "truncated"


def test_fit_with_a_flipped_byte_fails_its_crc():
    data = bytearray(fixture("fit/activity-small-fenix2-run.fit"))
    data[50_000] ^= 0xFF
    assert refusal("run.fit", bytes(data)).code == "corrupt"


@pytest.mark.parametrize("name", ["activity-small-fenix2-run.fit", "garmin-fenix-5-run.fit"])
def test_our_crc_is_the_fit_sdks(name):
    from garmin_fit_sdk.crc_calculator import CrcCalculator

    data = fixture(f"fit/{name}")
    assert fit_reader.crc16(data, 0, len(data)) == CrcCalculator.calculate_crc(data, 0, len(data))


def test_the_second_of_two_chained_fit_files_is_checked_too():
    one = fit_run()
    damaged = bytearray(one)
    damaged[len(one) // 2] ^= 0x01
    assert refusal("run.fit", one + bytes(damaged)).code == "corrupt"


# --- FIT files written here ------------------------------------------------------------------


def test_written_fit_run_doubles_strides_into_steps():
    run = parse("run.fit", fit_run(600))  # 85.5 strides/min at 3 m/s for 10 minutes
    assert run.cadence_spm == 171.0  # 2 x (85 + 0.5)
    assert run.steps == pytest.approx(171 * 599 / 60, abs=1)
    assert run.step_length_m == pytest.approx(3.0 / (171 / 60), abs=0.001)
    assert run.gct_balance_left_pct == 50.8
    assert run.distance_m == pytest.approx(3 * 599)


def test_session_total_strides_are_the_step_count():
    run = parse("run.fit", fit_run(600, session={"total_strides": 850}))
    assert run.steps == 1700


def test_fit_timer_pause_is_not_moving_time():
    stop = START + timedelta(seconds=300)
    records = fitwriter.steady_records(START, 300) + fitwriter.steady_records(
        START + timedelta(seconds=900), 300
    )
    for record in records[300:]:
        record["distance"] += 900  # continues from 897 m
    data = fitwriter.activity_file(records, pauses=[(stop, START + timedelta(seconds=900))])
    run = parse("paused.fit", data)
    assert run.elapsed_s == 1199
    assert run.moving_s == pytest.approx(598, abs=2)
    assert run.steps == pytest.approx(171 * 598 / 60, abs=2)  # no steps counted while paused


def test_standing_still_with_the_timer_running_is_not_moving():
    records = fitwriter.steady_records(START, 600)
    for i, record in enumerate(records):
        if 200 <= i < 320:  # two minutes at the lights
            record["distance"] = 600.0
            record["enhanced_speed"] = 0.0
        elif i >= 320:
            record["distance"] -= 360.0
    run = parse("lights.fit", fitwriter.activity_file(records))
    assert run.moving_s == pytest.approx(599 - 120, abs=10)


def test_one_hour_run_figures():
    run = parse("hour.fit", fitwriter.one_hour_run(START))
    assert run.elapsed_s == 3599
    assert run.distance_m == pytest.approx(10797)
    assert run.steps == 2 * round(3600 / 60 * 85.5)
    assert run.cadence_spm == 171.0
    # Six 900 m ramps of 40 m (4.4 %), five minutes each; smoothing trims their ends a little.
    assert len(run.climbs) == 6
    assert 6 * 240 <= run.climbing_s <= 6 * 300
    assert all(c.grade_pct == pytest.approx(4.4, abs=0.2) for c in run.climbs)
    assert run.elevation_gain_m == pytest.approx(240, rel=0.1)


def test_the_hill_rule_passed_in_is_honoured():
    data = fitwriter.one_hour_run(START)
    assert parse("hour.fit", data, hill_grade_pct=5.0).climbs == ()
    assert parse("hour.fit", data, hill_min_distance_m=1000).climbs == ()


@pytest.mark.parametrize(
    ("sport", "message"),
    [
        ("cycling", "This is a ride, not a run."),
        ("walking", "This is a walk, not a run."),
        ("hiking", "This is a hike, not a run."),
        ("swimming", "This is a swim, not a run."),
        ("cross_country_skiing", "This is a ski session, not a run."),
        ("stand_up_paddleboarding", "This is a paddle, not a run."),
    ],
)
def test_fit_of_another_sport_is_refused(sport, message):
    error = refusal("other.fit", fit_run(120, sport=sport))
    assert (error.code, error.message) == ("not_a_run", message)


@pytest.mark.parametrize(
    ("sub_sport", "sport"),
    [("trail", "trail_running"), ("treadmill", "treadmill"), ("street", "running")],
)
def test_run_sub_sports_are_named(sub_sport, sport):
    assert parse("run.fit", fit_run(120, sub_sport=sub_sport)).sport == sport


def test_generic_fit_is_judged_by_its_speed_and_cadence():
    assert parse("generic.fit", fit_run(300, sport="generic")).sport == "running"
    records = fitwriter.steady_records(START, 300, speed_m_s=1.3, strides_per_min=55)
    error = refusal("generic.fit", fitwriter.activity_file(records, sport="generic"))
    assert error.code == "not_a_run"
    assert "walk" in error.message
    # A walk's speed at a run's cadence: the signals disagree, the runner decides.
    records = fitwriter.steady_records(START, 300, speed_m_s=1.3)
    assert parse("generic.fit", fitwriter.activity_file(records, sport="generic")).doubt


def test_treadmill_without_altitude_has_no_climbs():
    records = fitwriter.steady_records(START, 300, altitude_m=lambda i: None)
    run = parse("treadmill.fit", fitwriter.activity_file(records, sub_sport="treadmill"))
    assert (run.elevation_gain_m, run.climbs, run.climbing_s) == (None, (), 0)


def test_settings_fit_is_not_an_activity():
    writer = fitwriter.FitWriter()
    writer.message("file_id", type=2, manufacturer=1, product=1, serial_number=1)
    error = refusal("settings.fit", writer.to_bytes())
    assert error.code == "unsupported"
    assert "settings" in error.message


def test_fit_activity_without_records_is_empty():
    writer = fitwriter.FitWriter()
    writer.message("file_id", type=4, manufacturer=1, product=1, serial_number=1)
    writer.message("session", sport=1, total_elapsed_time=60.0, start_time=START)
    assert refusal("empty.fit", writer.to_bytes()).code == "empty"


def test_fit_with_compressed_timestamps_is_unsupported():
    # Garmin's SDK does not decode compressed-timestamp headers; say so rather than "damaged".
    writer = fitwriter.FitWriter()
    writer.message("file_id", type=4, manufacturer=1, product=1, serial_number=1)
    writer.raw(struct.pack("<BBBHBBBB", 0x41, 0, 0, 20, 1, 5, 4, 0x86))  # record: distance
    writer.raw(struct.pack("<BI", 0x80 | 1 << 5 | 3, 100))  # local 1, 3 s on
    error = refusal("compressed.fit", writer.to_bytes())
    assert error.code == "unsupported"


def test_damaged_fit_with_valid_crcs_never_crashes():
    """Bytes changed inside a valid file, CRCs recomputed: a run or a refusal, nothing else."""
    original = fixture("fit/garmin-fenix-5-run.fit")
    header_size, (data_size,) = original[0], struct.unpack_from("<I", original, 4)
    chance = random.Random(16)
    for _ in range(150):
        data = bytearray(original)
        for _ in range(chance.randint(1, 4)):
            data[chance.randrange(header_size, header_size + data_size)] = chance.randrange(256)
        struct.pack_into("<H", data, header_size + data_size, fitwriter.fit_crc(data[:-2]))
        with contextlib.suppress(Refused):
            parse("run.fit", bytes(data))


def test_impossible_distance_is_refused_without_using_the_memory():
    data = tcx_file().replace(b"<DistanceMeters>30.0<", b"<DistanceMeters>99999999999<")
    assert refusal("odd.tcx", data).code == "corrupt"


def test_times_spanning_years_are_refused():
    data = gpx_file(10).replace(b"2026-05-01T06:00:09Z", b"2036-05-01T06:00:09Z")
    assert refusal("odd.gpx", data).code == "corrupt"


def test_non_numbers_in_xml_are_ignored():
    data = gpx_file(300).replace(b"<ele>300</ele>", b"<ele>nan</ele>", 5)
    run = parse("nan.gpx", data)
    assert run.elevation_gain_m == 0.0


def test_oversized_fit_is_refused():
    data = fit_run(60)
    assert refusal("big.fit", data + b"\0" * (11 * 2**20)).code == "too_large"


def test_run_in_the_future_is_refused():
    run = parse("run.fit", fit_run(60))
    check_not_future(run, START + timedelta(minutes=1))  # finished, watch a few seconds fast
    with pytest.raises(Refused) as caught:
        check_not_future(run, START - timedelta(days=1))
    assert caught.value.code == "future"
    assert "2026-05-01" in caught.value.message


def test_run_at_the_end_of_time_is_in_the_future():
    data = gpx_file(10, kind="running")
    data = data.replace(b"2026-05-01T06:00:0", b"9999-12-31T23:59:5")
    run = parse("late.gpx", data)
    with pytest.raises(Refused) as caught:
        check_not_future(run, START)
    assert caught.value.code == "future"


# --- GPX -------------------------------------------------------------------------------------


def gpx_file(seconds=600, speed_m_s=3.0, kind=None, cadence=None, extra="") -> bytes:
    """A GPX 1.1 track heading north at a steady speed, one point a second."""
    points = []
    for i in range(seconds):
        when = (START + timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        lat = 46.0 + i * speed_m_s / 111_195
        ext = ""
        if cadence is not None:
            ext = (
                "<extensions><gpxtpx:TrackPointExtension>"
                f"<gpxtpx:cad>{cadence}</gpxtpx:cad>"
                "</gpxtpx:TrackPointExtension></extensions>"
            )
        points.append(
            f'<trkpt lat="{lat:.7f}" lon="14.0"><ele>300</ele><time>{when}</time>{ext}</trkpt>'
        )
    type_element = f"<type>{kind}</type>" if kind else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{extra}\n'
        '<gpx version="1.1" creator="Garmin Connect" xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk>{type_element}<trkseg>{''.join(points)}</trkseg></trk></gpx>"
    ).encode()


def test_cerknicko_track_is_a_walk_not_a_run():
    # A GPS logger's day at the lake: 4.6 km in two hours, mostly at walking pace.
    error = refusal("cerknicko-jezero.gpx", fixture("gpx/cerknicko-jezero.gpx"))
    assert error.code == "not_a_run"
    assert "walk" in error.message


def test_cerknicko_track_marked_as_a_run_is_summed():
    # GPX 1.0 has no <type>: made a 1.1 file, its second track typed as a run.
    data = (
        fixture("gpx/cerknicko-jezero.gpx")
        .replace(b'version="1.0"', b'version="1.1"')
        .replace(b"GPX/1/0", b"GPX/1/1")
        .replace(b"<name>ACTIVE LOG #2</name>", b"<name>ACTIVE LOG #2</name><type>running</type>")
    )
    run = parse("cerknicko-jezero.gpx", data)
    assert run.sport == "running"
    assert run.device == "GPSBabel"
    assert run.started_at == datetime(2010, 8, 5, 14, 23, 59, tzinfo=UTC)  # first track point
    assert run.elapsed_s == 7190  # to the last point, 16:23:49
    # gpxpy's own length of the track segments (4,580 m); gaps between segments are pauses.
    assert run.distance_m == pytest.approx(4580.1, rel=0.005)
    assert run.moving_s < run.elapsed_s
    assert run.elevation_source == "gps"
    assert run.steps is None


def test_gpx_without_times_is_refused():
    error = refusal("cerknicko-without-times.gpx", fixture("gpx/cerknicko-without-times.gpx"))
    assert error.code == "no_timestamps"


def test_gpx_with_sub_second_times_and_a_time_zone():
    run = parse("track-with-less-sec-time.gpx", fixture("gpx/track-with-less-sec-time.gpx"))
    # <type>run</type>, two points 0.994 s apart from 15:43:13+01:00.
    assert run.sport == "running"
    assert run.started_at == datetime(2015, 12, 11, 14, 43, 13, tzinfo=UTC)
    assert run.elapsed_s == 1
    assert run.distance_m == pytest.approx(1.6, abs=0.1)


def test_gpx_cadence_is_strides_per_minute():
    run = parse("run.gpx", gpx_file(600, cadence=86))
    assert run.cadence_spm == 172.0
    assert run.steps == pytest.approx(172 * 599 / 60, abs=1)
    assert run.step_length_m == pytest.approx(3.0 / (172 / 60), rel=0.01)
    assert run.distance_m == pytest.approx(3 * 599, rel=0.001)


@pytest.mark.parametrize("kind", ["cycling", "Ride", "1", "mountain_biking"])
def test_gpx_typed_as_a_ride_is_refused(kind):
    error = refusal("ride.gpx", gpx_file(60, kind=kind))
    assert (error.code, error.message) == ("not_a_run", "This is a ride, not a run.")


def test_untyped_gpx_is_judged_by_speed():
    assert parse("run.gpx", gpx_file(300, speed_m_s=3.2)).sport == "running"
    ride = refusal("ride.gpx", gpx_file(300, speed_m_s=8.5))
    assert ride.code == "not_a_run"
    assert "ride" in ride.message
    walk = refusal("walk.gpx", gpx_file(300, speed_m_s=1.4))
    assert "walk" in walk.message


def test_gpx_with_entities_is_not_opened():
    bomb = '<!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    assert refusal("bomb.gpx", gpx_file(10, extra=bomb)).code == "unsupported"


def test_cut_gpx_is_truncated():
    data = fixture("gpx/cerknicko-jezero.gpx")[:20_000]
    assert refusal("cut.gpx", data).code == "truncated"


# --- TCX -------------------------------------------------------------------------------------


def tcx_file(sport="Running", seconds=300, run_cadence=None) -> bytes:
    points = []
    for i in range(seconds):
        when = (START + timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        ext = ""
        if run_cadence is not None:
            cadence = f"<ns3:RunCadence>{run_cadence}</ns3:RunCadence>"
            ext = f"<Extensions><ns3:TPX>{cadence}</ns3:TPX></Extensions>"
        points.append(
            f"<Trackpoint><Time>{when}</Time><AltitudeMeters>50</AltitudeMeters>"
            f"<DistanceMeters>{3.0 * i}</DistanceMeters>{ext}</Trackpoint>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        "<TrainingCenterDatabase "
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" '
        'xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">'
        f'<Activities><Activity Sport="{sport}"><Id>2026-05-01T06:00:00Z</Id>'
        f'<Lap StartTime="2026-05-01T06:00:00Z"><TotalTimeSeconds>{seconds - 1}</TotalTimeSeconds>'
        f"<DistanceMeters>{3.0 * (seconds - 1)}</DistanceMeters><Track>{''.join(points)}</Track>"
        "</Lap></Activity></Activities></TrainingCenterDatabase>"
    ).encode()


def test_running_tcx_matches_its_laps():
    run = parse("test.tcx", fixture("tcx/test.tcx"))
    # Three laps from 21:29:53: 608.47 + 714.80 + 669.51 s on the timer, 1,609.34 + 1,609.34
    # + 1,470.55 m; the last trackpoint at 22:03:05. A Forerunner 410: GPS altitude, no cadence.
    assert run.sport == "running"
    assert run.device == "Forerunner 410"
    assert run.started_at == datetime(2012, 12, 26, 21, 29, 53, tzinfo=UTC)
    assert run.elapsed_s == 1992
    assert 1900 <= run.moving_s <= 1993
    assert run.distance_m == pytest.approx(4689.2, abs=0.1)
    assert (run.steps, run.cadence_spm, run.step_length_m) == (None, None, None)
    assert run.elevation_source == "gps"
    # Its altitude rises 37 m above the start at most; raw 3 m steps would sum GPS noise (128 m).
    assert 37 <= run.elevation_gain_m < 128


def test_paddle_tcx_is_refused():
    # Sport="Other", 1,000 m in 16 minutes (1.08 m/s average) and 65 steps: a paddle.
    error = refusal("sup_activity_1.tcx", fixture("tcx/sup_activity_1.tcx"))
    assert error.code == "not_a_run"


def test_biking_tcx_is_refused():
    error = refusal("ride.tcx", tcx_file("Biking"))
    assert (error.code, error.message) == ("not_a_run", "This is a ride, not a run.")


def test_tcx_run_cadence_is_strides_per_minute():
    run = parse("run.tcx", tcx_file(run_cadence=88))
    assert run.cadence_spm == 176.0
    assert run.steps == pytest.approx(176 * 299 / 60, abs=1)
    assert run.distance_m == 897.0


def test_tcx_with_entities_is_not_opened():
    data = tcx_file().replace(
        b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>', 1
    )
    assert refusal("bomb.tcx", data).code == "unsupported"


# --- Gzip, format detection ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["fit/garmin-fenix-5-run.fit", "gpx/track-with-less-sec-time.gpx", "tcx/test.tcx"]
)
def test_gzipped_file_gives_the_same_run(path):
    data = fixture(path)
    name = Path(path).name
    assert parse(f"{name}.gz", gzip.compress(data)) == parse(name, data)


def test_gzip_bomb_is_refused():
    bomb = gzip.compress(b"\0" * 3_000_000)
    error = refusal("bomb.fit.gz", bomb, max_file_bytes=1_000_000)
    assert error.code == "too_large"


def test_cut_gzip_is_truncated():
    data = gzip.compress(fixture("fit/garmin-fenix-5-run.fit"))[:-100]
    assert refusal("run.fit.gz", data).code == "truncated"


def test_format_comes_from_content_not_name():
    assert parse("misnamed.gpx", fixture("fit/garmin-fenix-5-run.fit")).fmt == "fit"
    assert parse("export_123", fixture("tcx/test.tcx")).fmt == "tcx"


@pytest.mark.parametrize(
    ("data", "code"), [(b"", "empty"), (b"  \n", "empty"), (b"hello", "unsupported")]
)
def test_empty_and_unknown_files_are_refused(data, code):
    assert refusal("file.txt", data).code == code


# --- Export zips -----------------------------------------------------------------------------


def zip_of(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            if name.endswith("/"):
                archive.writestr(zipfile.ZipInfo(name), b"")
            else:
                archive.writestr(name, content)
    return buffer.getvalue()


def test_strava_export_yields_its_activity_files():
    fenix5 = fixture("fit/garmin-fenix-5-run.fit")
    export = zip_of(
        {
            "activities/": b"",
            "activities/123.fit.gz": gzip.compress(fenix5),
            "activities/4.gpx": fixture("gpx/track-with-less-sec-time.gpx"),
            "activities/5.tcx.gz": gzip.compress(fixture("tcx/test.tcx")),
            "activities.csv": b"Activity ID,Activity Date\n123,2017-06-11\n",
            "media/photo.jpg": b"\xff\xd8\xff",
            "__MACOSX/activities/._123.fit.gz": b"junk",
            "nested.zip": zip_of({"inside.fit": fenix5}),
        }
    )
    files = dict(expand("export_12345.zip", export))
    assert sorted(files) == [
        *("activities/123.fit.gz", "activities/4.gpx", "activities/5.tcx.gz"),
        "nested/inside.fit",  # a zip inside the zip, as Garmin's exports hold their FIT files
    ]
    runs = {name: parse(name, data) for name, data in files.items()}
    assert runs["activities/123.fit.gz"].sha256 == hashlib.sha256(fenix5).hexdigest()
    assert {run.fmt for run in runs.values()} == {"fit", "gpx", "tcx"}


def test_garmin_export_of_fit_files():
    runs = {f"DI_CONNECT/UploadedFiles/{n}.fit": fit_run(120 + n) for n in range(3)}
    files = list(expand("garmin.zip", zip_of(runs)))
    assert [name for name, _data in files] == list(runs)
    assert [parse(name, data).elapsed_s for name, data in files] == [119, 120, 121]


def test_single_file_yields_itself():
    data = fixture("fit/garmin-fenix-5-run.fit")
    assert list(expand("run.fit", data)) == [("run.fit", data)]


@pytest.mark.parametrize(
    "name",
    ["../evil.gpx", "activities/../../evil.gpx", "/etc/evil.gpx", "C:\\evil.gpx", "..\\evil.gpx"],
)
def test_path_traversal_names_are_skipped(name):
    export = zip_of({name: b"<gpx/>", "activities/ok.gpx": b"<gpx/>"})
    assert [n for n, _ in expand("export.zip", export)] == ["activities/ok.gpx"]


def test_too_many_files_in_a_zip():
    export = zip_of({f"activities/{n}.gpx": b"<gpx/>" for n in range(4)})
    with pytest.raises(Refused) as caught:
        list(expand("export.zip", export, max_files=3))
    assert caught.value.code == "too_large"
    assert "at most 3" in caught.value.message


def test_zip_over_its_total_size():
    export = zip_of({f"activities/{n}.gpx": b"x" * 1000 for n in range(3)})
    with pytest.raises(Refused) as caught:
        list(expand("export.zip", export, max_total_bytes=2500))
    assert caught.value.code == "too_large"


def test_zip_bomb_ratio_is_refused_before_unpacking():
    export = zip_of({"activities/bomb.gpx": b"\0" * 5_000_000})
    assert len(export) < 20_000
    with pytest.raises(Refused) as caught:
        next(expand("export.zip", export))
    assert caught.value.code == "too_large"
    assert "bomb.gpx" in caught.value.message


def test_damaged_zip_is_refused():
    export = zip_of({"activities/1.fit": fit_run(60)})
    with pytest.raises(Refused) as caught:
        list(expand("export.zip", export[: len(export) // 2]))
    assert caught.value.code == "corrupt"


# --- A zip on the web: its directory only ----------------------------------------------------


def test_an_exports_directory_says_what_to_keep_and_a_copy_keeps_it_compressed(monkeypatch):
    fenix5 = fixture("fit/garmin-fenix-5-run.fit")
    members = {
        "activities/1.fit": fenix5,
        "activities/2.gpx.gz": gzip.compress(fixture("gpx/track-with-less-sec-time.gpx")),
        "activités/3.tcx": fixture("tcx/test.tcx"),
        "DI_CONNECT/Part1.zip": zip_of({"inside.fit": fenix5}),
        "activities.csv": b"Activity ID\n1\n",
        "media/photo.jpg": b"\xff\xd8\xff",
        "../evil.gpx": b"<gpx/>",
    }
    export = io.BytesIO(zip_of(members))
    monkeypatch.setattr(zlib, "decompressobj", None)  # unpacking anything would fail here

    kept = parsing.export_members(export)
    copy = parsing.copy_members(export, kept)
    assert len(copy) == parsing.copied_size(kept)

    monkeypatch.undo()
    original = {m.filename: m for m in zipfile.ZipFile(export).infolist()}
    assert [m.filename for m in kept] == [*list(members)[:4]]
    with zipfile.ZipFile(io.BytesIO(copy)) as copied:
        assert copied.testzip() is None  # every CRC holds
        for member in copied.infolist():
            assert member.compress_size == original[member.filename].compress_size
            assert copied.read(member) == members[member.filename]
    assert [name for name, _data in expand("export.zip", copy)] == [
        *list(members)[:3],
        "DI_CONNECT/Part1/inside.fit",
    ]


def test_a_directory_too_long_is_refused_before_zipfile_reads_it():
    many = zip_of({f"activities/{n}.gpx": b"<gpx/>" for n in range(11)})
    long_names = zip_of({f"activities/{n:0300d}.gpx": b"<gpx/>" for n in range(11)})

    with pytest.raises(Refused) as too_many:
        parsing.export_members(io.BytesIO(many), max_members=10)
    with pytest.raises(Refused) as too_long:
        parsing.export_members(io.BytesIO(long_names), max_members=11)

    assert too_many.value.message == "This zip holds over 10 entries: too many."
    assert too_long.value.message == "This zip's list of its contents is too long to be read."


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"activities/bomb.gpx": b"\0" * 5_000_000}, "bomb.gpx would unpack to"),
        (
            {f"activities/{n}.gpx": b"\0" * 500_000 for n in range(4)},
            "This zip's files would unpack to",
        ),
    ],
)
def test_a_zip_that_declares_a_bomb_is_refused_from_its_directory(members, message):
    with pytest.raises(Refused) as caught:
        parsing.export_members(io.BytesIO(zip_of(members)))
    assert caught.value.code == "too_large"
    assert message in caught.value.message


def test_a_zip_locked_with_a_password_is_refused():
    export = bytearray(zip_of({"activities/1.gpx": b"<gpx/>"}, zipfile.ZIP_STORED))
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = export.index(signature) + flags_at
        export[at] |= 0x1
    with pytest.raises(Refused) as caught:
        parsing.export_members(io.BytesIO(bytes(export)))
    assert caught.value.code == "unsupported"
