/**
 * The spawner's own program (see spawner.ts), run as `python3 -I -S -c <this>`. It
 * starts pod processes with posix_spawn, which on Linux is vfork-like (CLONE_VM | CLONE_VFORK): no
 * copy of any address space, where Node's child_process forks the whole Node.js process for every
 * pod (bench/RESULTS.md has what the whole action costs per pod).
 *
 * Requests on stdin, one after another, each a run of NUL-terminated fields (no field can hold a
 * NUL: paths, arguments and environment entries are C strings; env entries are NAME=value):
 *   B, base, envc, env[0..envc)             an environment that later requests start from
 *   S, id, file, cwd, output, base, argc, envc, argv[0..argc), env[0..envc)
 *                                           start a process; its environment is `base` (or empty)
 *                                           with env set on top, in order
 * `output` is the file that stdout and stderr are appended to (created if need be).
 * Replies on stdout, one line each:
 *   R [group]              ready (posix_spawn with setsid works here); `group`: an exited process's
 *                          process group is killed before the process is reaped
 *   U reason               unusable here: the caller spawns the processes itself
 *   P id pid               started
 *   F id errno stage       not started; stage is open (the output file), chdir or spawn
 *   X pid code signal      a started process ended: exit code, or -1 and the signal that ended it
 * Each process gets stdin from /dev/null, a session and process group of its own (as Node's
 * `detached: true`), every signal at its default action and none blocked. The program ends when its
 * stdin does; it ignores SIGINT, which a terminal sends to the whole foreground group, because the
 * caller stops the pods itself and needs their exits.
 */
export const SPAWNER_PROGRAM = String.raw`
import os, select, signal, sys

def say(line):
    os.write(1, line.encode() + b'\n')

# waitid is in Python on Linux (on macOS from 3.13 only).
PEEK = hasattr(os, 'waitid') and hasattr(os, 'WNOWAIT')

def reap():
    while True:
        try:
            if PEEK:
                exited = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
                if exited is None:
                    return
                pid = exited.si_pid
                # What is left of its container dies with it, while its zombie still holds the group's
                # id: once reaped, the id may be a new container's.
                try:
                    os.killpg(pid, signal.SIGKILL)
                except OSError:
                    pass
                pid, status = os.waitpid(pid, 0)
            else:
                pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if os.WIFSIGNALED(status):
            say('X %d -1 %d' % (pid, os.WTERMSIG(status)))
        else:
            say('X %d %d 0' % (pid, os.WEXITSTATUS(status)))

def main():
    if sys.version_info < (3, 8) or not hasattr(os, 'posix_spawn'):
        say('U python 3.8 or later with posix_spawn is needed')
        return
    defaults = set(signal.valid_signals()) - {signal.SIGKILL, signal.SIGSTOP}
    options = dict(setsid=True, setsigdef=defaults, setsigmask=())
    try:
        pid = os.posix_spawn('/bin/sh', ['sh', '-c', ':'], {}, **options)
        os.waitpid(pid, 0)
    except Exception as error:
        say('U %s' % error)
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Children are reaped in this loop, never in a handler: a SIGCHLD that came just before a
    # blocking read would wait for the next request, which may never come. The C-level handler
    # writes to the wakeup pipe instead, so select() sees every exit however it is timed.
    woken, wake = os.pipe()
    os.set_blocking(woken, False)
    os.set_blocking(wake, False)
    signal.set_wakeup_fd(wake, warn_on_full_buffer=False)
    signal.signal(signal.SIGCHLD, lambda _signum, _frame: None)
    say('R group' if PEEK else 'R')
    here = os.getcwd().encode()
    pending = b''
    fields = []
    bases = {}
    while True:
        readable = select.select([0, woken], [], [])[0]
        if woken in readable:
            try:
                while os.read(woken, 4096):
                    pass
            except BlockingIOError:
                pass
            reap()
        if 0 not in readable:
            continue
        chunk = os.read(0, 262144)
        if not chunk:
            return
        parts = (pending + chunk).split(b'\0')
        pending = parts.pop()
        fields.extend(parts)
        start = 0
        while len(fields) > start:
            if fields[start] == b'B':
                if len(fields) - start < 3:
                    break
                end = start + 3 + int(fields[start + 2])
                if len(fields) < end:
                    break
                bases[fields[start + 1]] = dict(entry.split(b'=', 1) for entry in fields[start + 3:end])
                start = end
                continue
            if len(fields) - start < 8:
                break
            argc = int(fields[start + 6])
            envc = int(fields[start + 7])
            end = start + 8 + argc + envc
            if len(fields) < end:
                break
            rid, path, cwd, output, base = fields[start + 1:start + 6]
            argv = fields[start + 8:start + 8 + argc]
            env = dict(bases.get(base, ()))
            env.update(entry.split(b'=', 1) for entry in fields[start + 8 + argc:end])
            start = end
            rid = rid.decode()
            stage = 'open'
            opened = None
            try:
                opened = os.open(output, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                if cwd != here:
                    stage = 'chdir'
                    os.chdir(cwd)
                    here = cwd
                stage = 'spawn'
                pid = os.posix_spawn(path, argv, env, file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, '/dev/null', os.O_RDONLY, 0),
                    (os.POSIX_SPAWN_DUP2, opened, 1),
                    (os.POSIX_SPAWN_DUP2, opened, 2)], **options)
                say('P %s %d' % (rid, pid))
            except OSError as error:
                say('F %s %d %s' % (rid, error.errno or 0, stage))
            finally:
                if opened is not None:
                    os.close(opened)
        del fields[:start]

main()
`
