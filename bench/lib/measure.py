#!/usr/bin/env python3
"""Times one command as a whole process, the way bench/run.mjs needs it.

    python3 measure.py RESULT_FILE -- COMMAND [ARGS...]

Wall time runs from just before the fork to the moment wait4 reaps the command. CPU time and
peak RSS come from wait4's rusage, so they include every descendant the command waited for
(ru_maxrss is the largest single process of that tree, not a sum). The command inherits this
process's stdin, stdout, stderr and environment.

This process makes itself a child subreaper first: whatever the command leaves behind is
re-parented here instead of to PID 1 (which does not reap orphans on these machines). What ends
within a second (a helper process finishing just after its parent) is reaped and its CPU time
added; what still runs then is killed, reaped and counted as "leftover", so one run never
pollutes the next.

The result file gets one JSON object: wall_s, user_s, sys_s, cpu_s, maxrss_kib, exit (the exit
code, or 128 + signal), leftover.
"""
import ctypes
import json
import os
import signal
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def become_subreaper():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: orphans go to init as usual


def reap_leftovers():
    """Reaps what the command left behind: processes that end within a second on their own (a
    helper finishing after its parent) have their CPU time added; what still runs then is killed
    and counted. Returns (leftover count, user seconds, system seconds, their peak RSS)."""
    killed = set()
    user = system = 0.0
    peak = 0
    grace_end = time.monotonic() + 1
    deadline = grace_end + 5
    while time.monotonic() < deadline:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid != 0:
            user += usage.ru_utime
            system += usage.ru_stime
            peak = max(peak, usage.ru_maxrss)
            continue
        if time.monotonic() >= grace_end:
            for child in children_of(os.getpid()):
                killed.add(child)
                try:
                    os.kill(child, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        time.sleep(0.002)
    return len(killed), user, system, peak


def children_of(ppid):
    found = []
    try:
        names = os.listdir('/proc')
    except OSError:
        return found
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f'/proc/{name}/stat', 'rb') as stat:
                fields = stat.read().rsplit(b')', 1)[1].split()
            if int(fields[1]) == ppid:
                found.append(int(name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def main():
    if len(sys.argv) < 4 or sys.argv[2] != '--':
        sys.stderr.write(__doc__)
        sys.exit(2)
    result_file, command = sys.argv[1], sys.argv[3:]
    become_subreaper()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    if os.WIFSIGNALED(status):
        code = 128 + os.WTERMSIG(status)
    else:
        code = os.WEXITSTATUS(status)
    leftover, orphan_user, orphan_sys, orphan_peak = reap_leftovers()
    maxrss = max(usage.ru_maxrss, orphan_peak)
    with open(result_file, 'w') as out:
        json.dump(
            {
                'wall_s': wall,
                'user_s': usage.ru_utime + orphan_user,
                'sys_s': usage.ru_stime + orphan_sys,
                'cpu_s': usage.ru_utime + usage.ru_stime + orphan_user + orphan_sys,
                # Linux reports KiB, macOS bytes.
                'maxrss_kib': maxrss // 1024 if sys.platform == 'darwin' else maxrss,
                'exit': code,
                'leftover': leftover,
            },
            out,
        )


main()
