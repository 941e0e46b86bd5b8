"""Gzipped files and bulk-export zips (Strava, Garmin), opened within limits.

A Strava export holds activities/*.fit.gz, *.gpx(.gz), *.tcx(.gz) beside activities.csv and
media; Garmin's holds FIT files. Only activity files come out; the rest is skipped quietly.
"""

import gzip
import io
import posixpath
import shutil
import struct
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
# A directory entry is 46 bytes and a name (an export's are under 100 characters): a directory
# longer than this for each entry allowed holds more entries than it should.
DIRECTORY_BYTES_PER_MEMBER = 256
# The zip format's records, as copy_members() writes them (PKWARE's APPNOTE, 4.3.7, 4.3.12,
# 4.3.16): signature; versions; flags; method; time and date; CRC and sizes; lengths; offset.
LOCAL_HEADER = struct.Struct("<4s5H3L2H")
CENTRAL_ENTRY = struct.Struct("<4s6H3L5H2L")
END_RECORD = struct.Struct("<4s4H2LH")
UTF8_NAMES = 0x800  # flag bit 11: the name is UTF-8
ENCRYPTED = 0x1  # flag bit 0
DOS_1980 = (1 << 5) | 1  # 1 January 1980, the first DOS date: the worker reads no dates


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


def is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def is_activity_name(name: str) -> bool:
    lower = name.lower().removesuffix(".gz")
    return lower.endswith(ACTIVITY_SUFFIXES)


def gunzip(data: bytes, max_bytes: int = MAX_FILE_BYTES, max_ratio: float = MAX_ZIP_RATIO) -> bytes:
    """The decompressed bytes, never more than max_bytes nor, past RATIO_CHECK_MIN_BYTES, more
    than max_ratio times the gzipped size: the rule of a zip's members (_check_limits), so a
    gzip bomb is refused once that much is unpacked."""
    allowed = min(max_bytes, max(RATIO_CHECK_MIN_BYTES, int(len(data) * max_ratio)))
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(allowed + 1)
    except EOFError as error:
        raise Refused(
            "truncated", "This gzipped file is cut short and cannot be opened."
        ) from error
    except (OSError, zlib.error) as error:
        raise Refused("corrupt", "This gzipped file is damaged and cannot be opened.") from error
    if len(out) > max_bytes:
        raise Refused("too_large", f"This file is over {_mb(max_bytes)} once unpacked: too big.")
    if len(out) > allowed:
        raise Refused(
            "too_large",
            f"This gzipped file would unpack to over {max_ratio:,.0f} times its size: it looks "
            "built to overflow the server, so it was not read.",
        )
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
    start: int = 0,
) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of each activity file in an export zip, or of the one file uploaded; the
    first `start` of them are passed over without being unpacked (read before).

    The limits are checked on each zip's directory before anything in it is unpacked, so a
    refused zip yields nothing. Garmin's export keeps its FIT files in zips inside the zip
    (DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip): those are opened too,
    one level deep, their activity files counted in the same limits. A member's gzip is left
    to parse().
    """
    if not (is_zip(data) or name.lower().endswith(".zip")):
        if start == 0:
            yield name, data
        return
    for position, (prefix, archive, member) in enumerate(
        _members(data, max_files, max_total_bytes, max_ratio, max_members)
    ):
        if position >= start:
            yield prefix + member.filename, _read(archive, member)


def count(
    name: str,
    data: bytes,
    *,
    max_files: int = MAX_FILES_PER_ZIP,
    max_total_bytes: int = MAX_ZIP_TOTAL_BYTES,
    max_ratio: float = MAX_ZIP_RATIO,
    max_members: int = MAX_ZIP_MEMBERS,
) -> int:
    """How many files expand() yields, from the zips' directories alone (Refused as it would
    be): nothing is unpacked but the zips inside the zip."""
    if not (is_zip(data) or name.lower().endswith(".zip")):
        return 1
    return sum(1 for _ in _members(data, max_files, max_total_bytes, max_ratio, max_members))


def _members(data, max_files, max_total_bytes, max_ratio, max_members):
    """(prefix, zip, member) of each activity file in the zip and in the zips inside it, in
    expand()'s order, the limits checked on each zip's directory before its files come."""
    count = total = 0
    for prefix, archive in _archives(io.BytesIO(data), max_members, max_total_bytes, max_ratio):
        activities = _activities(archive, max_members)
        count += len(activities)
        total += sum(m.file_size for m in activities)
        _check_limits(activities, max_files, max_total_bytes, max_ratio)
        if count > max_files or total > max_total_bytes:
            _too_many(count, total, max_files, max_total_bytes)
        for member in activities:
            yield prefix, archive, member


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


def export_members(
    fileobj,
    *,
    max_files: int = MAX_FILES_PER_ZIP,
    max_total_bytes: int = MAX_ZIP_TOTAL_BYTES,
    max_ratio: float = MAX_ZIP_RATIO,
    max_members: int = MAX_ZIP_MEMBERS,
) -> list[zipfile.ZipInfo]:
    """The members of an export zip (`fileobj`, a file) worth storing: its activity files and
    the zips inside it, judged from its directory alone, within expand()'s limits on what the
    directory declares. Nothing is unpacked: a web request's work stays bounded, and reading
    the files (the zips inside, damaged data) is the worker's, in expand()."""
    _check_directory_size(fileobj, max_members)
    with _open_zip(fileobj) as archive:
        members = archive.infolist()
    if len(members) > max_members:
        raise Refused("too_large", f"This zip holds over {max_members:,} entries: too many.")
    kept = [
        m
        for m in members
        if not m.is_dir()
        and _is_safe_member(m.filename)
        and (is_activity_name(m.filename) or m.filename.lower().endswith(".zip"))
    ]
    if any(m.flag_bits & ENCRYPTED for m in kept):
        raise Refused("unsupported", "This zip is locked with a password, so it was not opened.")
    activities = [m for m in kept if is_activity_name(m.filename)]
    _check_limits(activities, max_files, max_total_bytes, max_ratio)
    _check_limits(kept, max_members, max_total_bytes, max_ratio)  # the zips inside counted too
    declared = sum(m.file_size for m in kept)
    ratio = declared / max(sum(m.compress_size for m in kept), 1)
    if declared >= RATIO_CHECK_MIN_BYTES and ratio > max_ratio:
        raise Refused(
            "too_large",
            f"This zip's files would unpack to {ratio:,.0f} times their size: it looks built "
            "to overflow the server, so it was not opened.",
        )
    return kept


def _check_directory_size(fileobj, max_members: int) -> None:
    """Refuses a directory too long for max_members entries before ZipFile parses it: ZipFile
    reads every entry its end record declares, millions of them in a gigabyte."""
    try:
        end = zipfile._EndRecData(fileobj)  # ZipFile's own reading of it: the figures it trusts
    except OSError:
        end = None
    if end is None:
        raise Refused("corrupt", "This zip file is damaged or cut short.")
    if end[zipfile._ECD_ENTRIES_TOTAL] > max_members:
        raise Refused("too_large", f"This zip holds over {max_members:,} entries: too many.")
    if end[zipfile._ECD_SIZE] > max_members * DIRECTORY_BYTES_PER_MEMBER:
        raise Refused("too_large", "This zip's list of its contents is too long to be read.")


def copy_members(fileobj, members: list[zipfile.ZipInfo]) -> bytes:
    """A zip of `members` of the zip in `fileobj`, each copied as it is compressed: nothing is
    unpacked, and the CRC is left for the worker to check as it reads. Names are written in
    UTF-8, sizes in 32 bits (a stored upload is far under 4 GB)."""
    out, directory = io.BytesIO(), []
    for member in members:
        data = _compressed_bytes(fileobj, member)
        name = member.filename.encode()
        fields = (
            *(member.extract_version, UTF8_NAMES, member.compress_type, 0, DOS_1980),
            *(member.CRC, len(data), member.file_size, len(name)),
        )
        directory.append(CENTRAL_ENTRY.pack(b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, out.tell()))
        directory.append(name)
        out.write(LOCAL_HEADER.pack(b"PK\x03\x04", *fields, 0) + name + data)
    start = out.tell()
    out.write(b"".join(directory))
    count, size = len(members), out.tell() - start
    out.write(END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, size, start, 0))
    return out.getvalue()


def copied_size(members: list[zipfile.ZipInfo]) -> int:
    """How many bytes copy_members() writes for `members`: known before it copies any."""
    headers = LOCAL_HEADER.size + CENTRAL_ENTRY.size
    names = sum(2 * len(m.filename.encode()) for m in members)
    return sum(headers + m.compress_size for m in members) + names + END_RECORD.size


def _compressed_bytes(fileobj, member: zipfile.ZipInfo) -> bytes:
    """The member's data as it is stored, after its local header."""
    fileobj.seek(member.header_offset)
    header = fileobj.read(LOCAL_HEADER.size)
    if len(header) < LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise Refused("corrupt", f"This zip is damaged: {member.filename} cannot be found in it.")
    *_, name_length, extra_length = LOCAL_HEADER.unpack(header)
    fileobj.seek(member.header_offset + LOCAL_HEADER.size + name_length + extra_length)
    data = fileobj.read(member.compress_size)
    if len(data) < member.compress_size:
        raise Refused("corrupt", "This zip file is damaged or cut short.")
    return data


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
