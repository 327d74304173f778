"""A watchdog that stops a command's child processes when the command dies, however it dies.

``eventetl run`` gets a temporary Prefect API server from Prefect: a
``uvicorn`` child process (about 220 MB) that Prefect stops at exit. A run
killed with SIGKILL never reaches its exit handlers, and the server lived on.
Prefect starts it with a plain ``subprocess.Popen``, so we can neither put it
in a process group of ours nor give it a parent-death signal (which the kernel
clears for the children of a fork anyway).

So the command starts this watchdog (``start_watchdog``): a small process in a
session of its own that

- learns of its parent's death at once: it reads a pipe whose only writer is
  the parent, and the kernel closes that end when the parent dies, even by
  SIGKILL (the write end is close-on-exec, so no exec'd child holds it); it
  also checks the parent's pid and start time each poll, for a child that
  forked without exec and still holds the pipe;
- records the parent's descendants every ``POLL_SECONDS`` while the parent is
  alive (orphans are re-parented to init, so they cannot be found from the
  parent afterwards), each with its start time, so a pid reused by an
  unrelated process is never touched;
- when the parent is gone, sends SIGTERM to every recorded descendant still
  alive (and to their own children), waits ``STOP_GRACE_SECONDS``, sends
  SIGKILL to those left, and exits.

A command that exits normally writes :data:`RELEASE` to the pipe first (an
``atexit`` handler): the watchdog then exits without stopping anything, since
the command stopped its own children (Prefect stops its server at exit).

A child started less than ``POLL_SECONDS`` before the parent died is not
recorded yet; every child server of ours starts at the beginning of a command.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import select
import subprocess
import sys
from collections.abc import Iterable

import psutil

POLL_SECONDS = 0.5
"""How often the watchdog records its parent's descendants."""
RELEASE = b"release"
"""Written to the pipe by a parent that exits normally: the watchdog then exits and stops nothing."""
STOP_GRACE_SECONDS = 5.0
"""How long a descendant gets to exit after SIGTERM before SIGKILL."""

Recorded = dict[int, float]
"""pid -> process start time (psutil's ``create_time``), which tells a live process from a reused pid."""

_started: subprocess.Popen[bytes] | None = None
"""This process's watchdog, kept referenced for the life of the process (one per process)."""


def _same_process(pid: int, create_time: float) -> psutil.Process | None:
    """The process ``pid`` if it is still the one recorded (same start time), else None."""
    try:
        process = psutil.Process(pid)
        if process.create_time() == create_time and process.status() != psutil.STATUS_ZOMBIE:
            return process
    except psutil.Error:
        pass
    return None


def descendants(parent: psutil.Process, *, exclude: Iterable[int] = ()) -> Recorded:
    """The descendants of ``parent`` now, with their start times (those in ``exclude`` left out)."""
    left_out = set(exclude)
    found: Recorded = {}
    try:
        children = parent.children(recursive=True)
    except psutil.Error:
        return found
    for child in children:
        if child.pid in left_out:
            continue
        try:
            found[child.pid] = child.create_time()
        except psutil.Error:
            continue
    return found


def stop_processes(recorded: Recorded, *, grace: float = STOP_GRACE_SECONDS) -> list[int]:
    """SIGTERM the recorded processes still alive and their children, SIGKILL those left after ``grace`` s.

    Returns the pids that were signalled.
    """
    targets: dict[int, psutil.Process] = {}
    for pid, create_time in recorded.items():
        process = _same_process(pid, create_time)
        if process is None:
            continue
        targets[pid] = process
        try:
            # Children started since the last poll are still children of a recorded process.
            for child in process.children(recursive=True):
                targets.setdefault(child.pid, child)
        except psutil.Error:
            pass
    alive = list(targets.values())
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.terminate()
    _, alive = psutil.wait_procs(alive, timeout=grace)
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(alive, timeout=grace)
    return sorted(targets)


def watch(
    parent_pid: int, parent_create_time: float, pipe_fd: int, *, poll: float = POLL_SECONDS
) -> list[int]:
    """Record the parent's descendants until it dies (``pipe_fd`` at end of file, or the pid gone), then stop them.

    Returns the pids that were signalled.
    """
    recorded: Recorded = {}
    me = os.getpid()
    while True:
        parent = _same_process(parent_pid, parent_create_time)
        if parent is None:
            break
        # Forget processes that ended; their pids may be reused by anyone.
        recorded = {pid: t for pid, t in recorded.items() if _same_process(pid, t) is not None}
        recorded.update(descendants(parent, exclude=(me,)))
        readable, _, _ = select.select([pipe_fd], [], [], poll)
        if readable:
            data = os.read(pipe_fd, 4096)
            if RELEASE in data:
                return []  # the parent is exiting normally and stops its own children
            if not data:
                break  # end of file without a release: the parent died
    return stop_processes(recorded)


def start_watchdog() -> subprocess.Popen[bytes]:
    """Start the watchdog of this process (once per process); its children die with it from now on."""
    global _started
    if _started is None or _started.poll() is not None:
        me = psutil.Process()
        _started = subprocess.Popen(
            [sys.executable, "-m", "flows.watchdog", str(me.pid), repr(me.create_time())],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # Its own session: a Ctrl-C or a signal to the command's process group does not stop it
            # before it has stopped the command's children.
            start_new_session=True,
        )
        atexit.register(_stop_watching, _started)
    return _started


def _stop_watching(watchdog: subprocess.Popen[bytes]) -> None:
    """At a normal exit: release the watchdog and reap it.

    A process exiting normally stops its own children (Prefect stops its server at exit), and one
    it has not reaped yet would keep the watchdog waiting on a zombie. Reaping the watchdog here
    keeps the interpreter from warning about a child still running at exit.
    """
    if watchdog.stdin is not None:
        with contextlib.suppress(OSError):
            watchdog.stdin.write(RELEASE)
            watchdog.stdin.close()
    with contextlib.suppress(subprocess.TimeoutExpired):
        watchdog.wait(timeout=POLL_SECONDS + 2)


def main(argv: list[str] | None = None) -> int:
    """``python -m flows.watchdog PARENT_PID PARENT_CREATE_TIME``, the parent's pipe on stdin."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("parent_pid", type=int)
    parser.add_argument("parent_create_time", type=float)
    args = parser.parse_args(argv)
    watch(args.parent_pid, args.parent_create_time, sys.stdin.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
