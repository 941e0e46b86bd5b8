"""The processes the worker parses activity files in: each file within a bound of CPU time and
of memory, and every process dies with the worker.

A file may be built to take the time and memory a parse can take (millions of tiny FIT records,
a track of a million points); the limits of the size and the records of a file (parsing) make
such a file cheap to refuse, and these bounds hold whatever a file the readers did not foresee.
The processes are spawned, not forked (a fork would share the worker's database connection),
and import the parsing package alone, no Django. Linux: setrlimit and prctl.
"""

import ctypes
import gc
import math
import multiprocessing
import os
import resource
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from apps.runs import parsing

PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass(frozen=True)
class Bounds:
    cpu_seconds: int  # of CPU time for one file's parse
    memory_bytes: int  # the address space of a parsing process


class OverTime(BaseException):
    """Raised in a parse that has used its CPU time. Not an Exception, so that a library's
    `except Exception` (the FIT SDK's) does not take it for a damaged file."""


def start(processes: int, bounds: Bounds) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_initialize,
        initargs=(os.getpid(), bounds.memory_bytes),
    )


def _initialize(worker_pid: int, memory_bytes: int) -> None:
    if sys.platform == "linux":  # SIGKILL when the worker dies, however it dies
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != worker_pid:  # it died before the line above
        os._exit(1)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    signal.signal(signal.SIGXCPU, _on_cpu_limit)


_parsing = False  # whether a parse is under way, the one SIGXCPU ends


def _on_cpu_limit(signum, frame):
    if _parsing:
        raise OverTime


def parse(name: str, data: bytes, bounds: Bounds, **options) -> parsing.ParsedRun | Exception:
    """parsing.parse_or_error(name, data, **options) within bounds.cpu_seconds of CPU time (the
    process's soft RLIMIT_CPU, moved on for each file: the kernel sends SIGXCPU past it) and its
    memory; a file over either is Refused, and the process goes on to the next."""
    global _parsing
    used_s = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(used_s + bounds.cpu_seconds)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    _parsing = True
    try:
        result = parsing.parse_or_error(name, data, **options)
    except OverTime:
        result = parsing.Refused(
            "too_large",
            f"Reading this file took over {bounds.cpu_seconds} s of computing, far more than a "
            "run's file needs, so it was not imported.",
        )
    finally:
        _parsing = False
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
    if _out_of_memory(result):
        result = None
        gc.collect()  # the error's frames hold what was decoded, in a cycle: freed before replying
        return parsing.Refused(
            "too_large",
            f"Reading this file needed over {bounds.memory_bytes // 2**20:,} MB of memory, far "
            "more than a run's file needs, so it was not imported.",
        )
    return result


def stopped() -> parsing.Refused:
    """The refusal of a file whose process died reading it (the system killed it), twice."""
    return parsing.Refused(
        "too_large",
        "The process reading this file stopped before the end (it may have needed more memory "
        "than the server has), so it was not imported.",
    )


def _out_of_memory(result) -> bool:
    """Whether the parse failed for want of memory: a MemoryError, or an error raised from one."""
    while isinstance(result, BaseException):
        if isinstance(result, MemoryError):
            return True
        result = result.__cause__ or result.__context__
    return False
