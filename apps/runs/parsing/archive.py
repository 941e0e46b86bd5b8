"""Gzipped files and bulk-export zips (Strava, Garmin), opened within limits.

A Strava export holds activities/*.fit.gz, *.gpx(.gz), *.tcx(.gz) beside activities.csv and
media; Garmin's holds FIT files. Only activity files come out; the rest is skipped quietly.
"""

import gzip
import io
import posixpath
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator

from apps.runs.parsing.core import (
    MAX_FILE_BYTES,
    MAX_FILES_PER_ZIP,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
    MAX_ZIP_TOTAL_BYTES,
    Refused,
)

ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx")
RATIO_CHECK_MIN_BYTES = 1024 * 1024  # small members may compress oddly; bombs are large


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


def is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def is_activity_name(name: str) -> bool:
    lower = name.lower().removesuffix(".gz")
    return lower.endswith(ACTIVITY_SUFFIXES)


def gunzip(data: bytes, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The decompressed bytes, never more than max_bytes (a gzip bomb is refused unread)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(max_bytes + 1)
    except EOFError as error:
        raise Refused(
            "truncated", "This gzipped file is cut short and cannot be opened."
        ) from error
    except (OSError, zlib.error) as error:
        raise Refused("corrupt", "This gzipped file is damaged and cannot be opened.") from error
    if len(out) > max_bytes:
        raise Refused("too_large", f"This file is over {_mb(max_bytes)} once unpacked: too big.")
    return out


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB"


def _is_safe_member(name: str) -> bool:
    """Not a directory, not macOS resource forks, and no way out of the archive's folder."""
    if not name or name.endswith("/") or "\x00" in name:
        return False
    parts = name.replace("\\", "/").split("/")
    if "__MACOSX" in parts or parts[-1].startswith("._"):
        return False
    normalised = posixpath.normpath(name.replace("\\", "/"))
    return not (
        name.startswith(("/", "\\"))
        or (len(name) > 1 and name[1] == ":")
        or normalised.startswith("..")
        or ".." in parts
    )


def expand(
    name: str,
    data: bytes,
    *,
    max_files: int = MAX_FILES_PER_ZIP,
    max_total_bytes: int = MAX_ZIP_TOTAL_BYTES,
    max_ratio: float = MAX_ZIP_RATIO,
    max_members: int = MAX_ZIP_MEMBERS,
) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of each activity file in an export zip, or of the one file uploaded.

    The limits are checked on the zip's directory before anything is unpacked, so a refused zip
    yields nothing. Nested zips are not followed; a member's gzip is left to parse().
    """
    if not (is_zip(data) or name.lower().endswith(".zip")):
        yield name, data
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise Refused("corrupt", "This zip file is damaged or cut short.") from error
    with archive:
        members = archive.infolist()
        if len(members) > max_members:
            raise Refused("too_large", f"This zip holds over {max_members:,} entries: too many.")
        activities = [
            m
            for m in members
            if not m.is_dir() and _is_safe_member(m.filename) and is_activity_name(m.filename)
        ]
        _check_limits(activities, max_files, max_total_bytes, max_ratio)
        for member in activities:
            try:
                with archive.open(member) as stream:
                    content = stream.read(member.file_size + 1)
            except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError) as error:
                raise Refused(
                    "corrupt", f"This zip is damaged: {member.filename} cannot be unpacked."
                ) from error
            yield member.filename, content


def _check_limits(activities, max_files, max_total_bytes, max_ratio) -> None:
    if len(activities) > max_files:
        raise Refused(
            "too_large",
            f"This zip holds {len(activities):,} activity files; at most {max_files:,} "
            "can be imported at once. Split it into smaller zips.",
        )
    total = sum(m.file_size for m in activities)
    if total > max_total_bytes:
        raise Refused(
            "too_large",
            f"This zip unpacks to {_mb(total)} of activity files; the limit is "
            f"{_mb(max_total_bytes)}.",
        )
    for member in activities:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= RATIO_CHECK_MIN_BYTES and ratio > max_ratio:
            raise Refused(
                "too_large",
                f"{member.filename} would unpack to {ratio:,.0f} times its size: this zip "
                "looks built to overflow the server, so it was not opened.",
            )


def repack(
    fileobj,
    *,
    max_files: int = MAX_FILES_PER_ZIP,
    max_total_bytes: int = MAX_ZIP_TOTAL_BYTES,
    max_ratio: float = MAX_ZIP_RATIO,
    max_members: int = MAX_ZIP_MEMBERS,
) -> tuple[bytes, int]:
    """(a zip of the activity files alone, how many) from an export zip read from `fileobj` (a
    file on disk, not all in memory): an export of gigabytes of photos and videos keeps only
    its runs' files, the limits checked on each zip's directory first, as in expand().

    Garmin's export keeps its FIT files in zips inside the zip
    (DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip): those are opened too,
    one level deep, their activity files counted in the same limits."""
    out = io.BytesIO()
    count = 0
    total = 0
    with zipfile.ZipFile(out, "w") as packed:
        for prefix, archive in _archives(fileobj, max_members, max_total_bytes, max_ratio):
            activities = _activities(archive, max_members)
            count += len(activities)
            total += sum(m.file_size for m in activities)
            _check_limits(activities, max_files, max_total_bytes, max_ratio)
            if count > max_files or total > max_total_bytes:
                _too_many(count, total, max_files, max_total_bytes)
            for member in activities:
                content = _read(archive, member)
                compressed = member.filename.lower().endswith(".gz")
                packed.writestr(
                    prefix + member.filename,
                    content,
                    compress_type=zipfile.ZIP_STORED if compressed else zipfile.ZIP_DEFLATED,
                )
    return out.getvalue(), count


def _open_zip(fileobj) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise Refused("corrupt", "This zip file is damaged or cut short.") from error


def _activities(archive, max_members) -> list[zipfile.ZipInfo]:
    members = archive.infolist()
    if len(members) > max_members:
        raise Refused("too_large", f"This zip holds over {max_members:,} entries: too many.")
    return [
        m
        for m in members
        if not m.is_dir() and _is_safe_member(m.filename) and is_activity_name(m.filename)
    ]


def _archives(fileobj, max_members, max_total_bytes, max_ratio):
    """(prefix, ZipFile) of the zip and of each zip directly inside it, each closed once the
    caller has read it."""
    with _open_zip(fileobj) as outer:
        inner = [
            m
            for m in outer.infolist()[: max_members + 1]
            if not m.is_dir()
            and _is_safe_member(m.filename)
            and m.filename.lower().endswith(".zip")
        ]
        _check_limits(inner, max_members, max_total_bytes, max_ratio)
        yield "", outer
        for member in inner:
            with tempfile.TemporaryFile() as spooled:  # on disk: Garmin's parts are 100s of MB
                try:
                    with outer.open(member) as stream:
                        shutil.copyfileobj(stream, spooled)
                    nested = zipfile.ZipFile(spooled)
                except (
                    zipfile.BadZipFile, zlib.error, RuntimeError, ValueError, OSError
                ) as error:  # fmt: skip
                    raise Refused(
                        "corrupt", f"The zip {member.filename} inside this one is damaged."
                    ) from error
                with nested:
                    yield member.filename.removesuffix(".zip") + "/", nested


def _read(archive, member) -> bytes:
    try:
        with archive.open(member) as stream:
            return stream.read(member.file_size + 1)
    except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError) as error:
        raise Refused(
            "corrupt", f"This zip is damaged: {member.filename} cannot be unpacked."
        ) from error


def _too_many(count, total, max_files, max_total_bytes):
    if count > max_files:
        raise Refused(
            "too_large",
            f"This zip holds {count:,} activity files; at most {max_files:,} can be imported "
            "at once. Split it into smaller zips.",
        )
    raise Refused(
        "too_large",
        f"This zip unpacks to {_mb(total)} of activity files; the limit is {_mb(max_total_bytes)}.",
    )
