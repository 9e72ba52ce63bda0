"""The spawner's own program: src/runtime/process/spawner.ts runs it as `python3 -I -S -c <this>`.

scripts/gen-spawner-program.mjs carries this file into spawnerProgram.generated.ts, so that it ships
inside the bundle (dist/index.js) and nothing is read from disk when the helper starts.

It starts pod processes with posix_spawn, which on Linux is vfork-like (CLONE_VM | CLONE_VFORK): no
copy of any address space, where Node's child_process forks the whole Node.js process for every
pod (bench/RESULTS.md has what the whole action costs per pod).

Requests on stdin are records, one after another. A record is a run of fields, each followed by a
NUL byte, and then one 0xFF byte. No field can hold a NUL (paths, arguments and environment entries
are C strings; env entries are NAME=value: spawner.ts refuses a request with one before sending
it), and none holds 0xFF, a byte that UTF-8 never uses: the end of a record is found however
malformed the record is, and the next one is read as if nothing had happened.
  B, base, envc, env[0..envc)             an environment that later requests start from
  S, id, file, cwd, output, base, argc, envc, argv[0..argc), env[0..envc)
                                          start a process; its environment is `base` (none if the
                                          field is empty) with env set on top, in order
`output` is the file that stdout and stderr are appended to (created if need be, never through a
symbolic link: O_NOFOLLOW). `id` is a decimal number.
Replies on stdout, one line each:
  R [group]              ready (posix_spawn with setsid works here); `group`: an exited process's
                         process group is killed before the process is reaped
  U reason               unusable here: the caller spawns the processes itself
  P id pid               started
  F id errno stage       not started; stage is open (the output file), chdir or spawn
  E id reason            not started: the record could not be carried out as sent (a count that is
                         no number or does not match the fields, an unknown kind, an entry without
                         '=', an unknown or malformed base…); id is `-` where it cannot be read
  X pid code signal      a started process ended: exit code, or -1 and the signal that ended it
Every record other than B gets exactly one of P, F or E, in the order the records came. A B record
gets no reply: an S record that names a malformed one gets E, with the reason.
Each process gets stdin from /dev/null, a session and process group of its own (as Node's
`detached: true`), every signal at its default action and none blocked. The program ends when its
stdin does, after killing every process it started and their descendants; it ignores SIGINT, which a terminal sends to the whole foreground group, because the
caller stops the pods itself and needs their exits.

Containment (docs/architecture.md, "Containment"): on Linux the program makes itself a child
subreaper, so that whatever a container starts and orphans (a double fork, `setsid`, `env -i`, all
fds closed) becomes its child instead of init's. Such orphans are attributed to a container by
their session (one that did not setsid is in its container's), else by the container output they
still hold (fd 1 or 2), else by their start time (the containers running when they started); an
orphan is killed once every container it may belong to has ended, so within a check (about 30 ms)
of its own container's end where it can be told apart. Checks read this program's own list of
children: one small file, only while a container runs or an orphan lives. When stdin ends (or on
SIGTERM) every descendant is killed before the program exits. With a ledger path as its argument
(`-c <program> <ledger>`), it appends `pid starttime` for every container process alive at a check
and every orphan it sees, so that the post step can kill them after this program was SIGKILLed.

It must run on any Python 3 far enough to say that it cannot work (U): no syntax newer than 3.6.
"""
import collections, os, select, signal, sys, time

END = b'\xff'
# Fields of an S record before its arguments.
START_FIELDS = 8


def say(line):
    # Once the caller is gone (SIGKILLed Node: EPIPE), there is no one to tell; the program must
    # live on to kill what is left, so a write that cannot be made is dropped, never raised.
    try:
        os.write(1, line.encode() + b'\n')
    except OSError:
        pass


class Malformed(Exception):
    """A record that cannot be carried out as sent; its text is the E reply's reason."""


def shown(field):
    """A field in a reason: one short line, whatever bytes it holds."""
    return repr(field[:40])


def number(field, what):
    # bytes.isdigit() accepts ASCII digits only, where int() would also take ' +1_0'.
    if not field.isdigit():
        raise Malformed('%s is not a number: %s' % (what, shown(field)))
    # int() refuses thousands of digits (ValueError); no count or id is near a billion.
    if len(field) > 9:
        raise Malformed('%s is too large: %s' % (what, shown(field)))
    return int(field)


def entries(fields):
    env = {}
    for index, entry in enumerate(fields):
        name, equals, value = entry.partition(b'=')
        if not equals:
            raise Malformed("environment entry %d has no '=': %s" % (index, shown(entry)))
        env[name] = value
    return env


def counted(fields, before, count, kind):
    if len(fields) != before + count:
        raise Malformed('%s record: %d fields where its counts say %d' % (kind, len(fields), before + count))


def define_base(fields, last, bases):
    """A B record: a malformed one is kept as its reason, for the S records that name it."""
    if len(fields) < 2:
        return
    try:
        if last:
            raise Malformed('its last field has no NUL after it')
        if len(fields) < 3:
            raise Malformed('no envc')
        counted(fields, 3, number(fields[2], 'envc'), 'B')
        bases[fields[1]] = entries(fields[3:])
    except Malformed as error:
        bases[fields[1]] = error
    except Exception as error:
        bases[fields[1]] = Malformed('%s: %s' % (type(error).__name__, error))


def start_request(fields, bases):
    """An S record's path, cwd, output, argv and environment."""
    if len(fields) < START_FIELDS:
        raise Malformed('S record: %d fields, fewer than %d' % (len(fields), START_FIELDS))
    argc = number(fields[6], 'argc')
    envc = number(fields[7], 'envc')
    counted(fields, START_FIELDS, argc + envc, 'S')
    if argc == 0:
        raise Malformed('argc is 0: argv[0] is needed')
    base = fields[5]
    env = {}
    if base:
        if base not in bases:
            raise Malformed('unknown base %s' % shown(base))
        if isinstance(bases[base], Malformed):
            raise Malformed('base %s: %s' % (shown(base), bases[base]))
        env.update(bases[base])
    env.update(entries(fields[START_FIELDS + argc:]))
    return fields[2], fields[3], fields[4], fields[START_FIELDS:START_FIELDS + argc], env


class Spawner:
    def __init__(self, options, contained):
        self.options = options
        self.contained = contained
        self.bases = {}
        self.here = os.getcwd().encode()

    def answer(self, record):
        """One record: exactly one reply unless it is a B record, and never an exception."""
        fields = record.split(b'\0')
        last = fields.pop()
        kind = fields[0] if fields else b''
        if kind == b'B':
            define_base(fields, last, self.bases)
            return
        rid = fields[1].decode() if len(fields) > 1 and fields[1].isdigit() else '-'
        try:
            if last:
                raise Malformed('its last field has no NUL after it')
            if kind != b'S':
                raise Malformed('unknown request kind %s' % shown(kind))
            if rid == '-':
                raise Malformed('id is not a number: %s' % shown(fields[1] if len(fields) > 1 else b''))
            self.start(rid, *start_request(fields, self.bases))
            return
        except Malformed as error:
            reason = str(error)
        except Exception as error:
            # posix_spawn's own refusals (an empty variable name, say) are ValueErrors.
            reason = '%s: %s' % (type(error).__name__, error)
        say('E %s %s' % (rid, ' '.join(reason.split())))

    def start(self, rid, path, cwd, output, argv, env):
        stage = 'open'
        opened = None
        try:
            opened = os.open(output, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o644)
            if cwd != self.here:
                stage = 'chdir'
                os.chdir(cwd)
                self.here = cwd
            stage = 'spawn'
            began = ticks()
            pid = os.posix_spawn(path, argv, env, file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, '/dev/null', os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, opened, 1),
                (os.POSIX_SPAWN_DUP2, opened, 2)], **self.options)
        except OSError as error:
            say('F %s %d %s' % (rid, error.errno or 0, stage))
            return
        finally:
            if opened is not None:
                try:
                    os.close(opened)
                except OSError:
                    pass
        self.contained.started(pid, began, output)
        say('P %s %d' % (rid, pid))


# waitid is in Python on Linux (on macOS from 3.13 only).
PEEK = hasattr(os, 'waitid') and hasattr(os, 'WNOWAIT')
PR_SET_CHILD_SUBREAPER = 36
HZ = os.sysconf('SC_CLK_TCK') if hasattr(os, 'sysconf') else 100
# A check after a container ended or an orphan was killed, then one every TICK while anything runs.
SOON = 0.03
TICK = 0.25
# Ended containers stay known this long (in clock ticks) to attribute late orphans by session.
REMEMBERED = 10 * HZ


def ticks():
    """Now, in the unit and from the origin of /proc/<pid>/stat's starttime (clock ticks since boot)."""
    return int(time.clock_gettime(time.CLOCK_BOOTTIME) * HZ) if hasattr(time, 'CLOCK_BOOTTIME') else 0


def become_subreaper():
    try:
        import ctypes
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except Exception:
        return False


def read_stat(pid):
    """(pgid, sid, starttime) of a live process, or None (gone, a zombie, no /proc)."""
    try:
        fd = os.open('/proc/%d/stat' % pid, os.O_RDONLY)
        try:
            text = os.read(fd, 4096)
        finally:
            os.close(fd)
        fields = text[text.rindex(b')') + 2:].split()
        if fields[0] in (b'Z', b'X'):
            return None
        return int(fields[2]), int(fields[3]), int(fields[19])
    except (OSError, ValueError, IndexError):
        return None


def signal_quietly(pid, group=False):
    try:
        if group:
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


class Container:
    __slots__ = ('pid', 'began', 'ended', 'output', 'ledgered')

    def __init__(self, pid, began, output):
        self.pid = pid
        self.began = began - 1
        self.ended = None
        self.output = output
        self.ledgered = False


class Containment:
    """What each container started, orphans included, dies with it (see the module's docstring)."""

    def __init__(self, ledger):
        self.me = os.getpid()
        self.live = {}
        # Containers by main pid, ended ones too for a while: orphans are attributed to them.
        self.known = {}
        self.ended = collections.deque()
        # Orphans (our children that are no container's main): pid -> (starttime, candidates).
        self.orphans = {}
        self.due = None
        self.subreaper = os.path.exists('/proc/self/stat') and become_subreaper()
        self.children_file = '/proc/%d/task/%d/children' % (self.me, self.me)
        self.ledger = None
        # Descendants already written to the ledger: pid -> start time.
        self.recorded = {}
        if ledger and self.subreaper:
            try:
                os.makedirs(os.path.dirname(ledger), exist_ok=True)
                self.ledger = os.open(ledger, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            except OSError:
                pass

    def started(self, pid, began, output):
        container = Container(pid, began, output)
        self.live[pid] = container
        self.known[pid] = container
        self.schedule(TICK)

    def exited(self, pid):
        """Reaped: True if it was a container's main process (else an orphan, reported to no one)."""
        self.orphans.pop(pid, None)
        container = self.live.pop(pid, None)
        if container is None:
            return False
        container.ended = ticks() + 1
        self.ended.append(container)
        self.schedule(SOON)
        return True

    def schedule(self, delay):
        if not self.subreaper:
            return
        at = time.monotonic() + delay
        if self.due is None or at < self.due:
            self.due = at

    def timeout(self):
        return None if self.due is None else max(0.0, self.due - time.monotonic())

    def children(self):
        try:
            fd = os.open(self.children_file, os.O_RDONLY)
            try:
                chunks = []
                while True:
                    chunk = os.read(fd, 65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
            finally:
                os.close(fd)
            return [int(pid) for pid in b''.join(chunks).split()]
        except OSError:
            return self.children_by_scan()

    def children_by_scan(self):
        """Kernels without CONFIG_PROC_CHILDREN: every process's parent, from /proc."""
        found = []
        for name in os.listdir('/proc'):
            if not name.isdigit():
                continue
            try:
                with open('/proc/%s/stat' % name, 'rb') as stat:
                    text = stat.read()
                if int(text[text.rindex(b')') + 2:].split()[1]) == self.me:
                    found.append(int(name))
            except (OSError, ValueError, IndexError):
                pass
        return found

    def candidates(self, pid, pgid, sid, began):
        """The containers an orphan may belong to."""
        if sid in self.known and sid != pid:
            return (self.known[sid],)
        alive_then = [c for c in self.known.values()
                      if c.began <= began and (c.ended is None or began <= c.ended)]
        holding = []
        for fd in (1, 2):
            try:
                link = os.readlink('/proc/%d/fd/%d' % (pid, fd)).encode()
            except OSError:
                continue
            holding.extend(c for c in alive_then if os.path.realpath(c.output) == link)
        return tuple(holding) if holding else tuple(alive_then)

    def record(self, pid, began):
        if self.ledger is not None:
            try:
                os.write(self.ledger, b'%d %d\n' % (pid, began))
            except OSError:
                pass

    def record_descendants(self, pid):
        """A container's descendants still attached to it go into the ledger too: if the spawner and
        the container die together, such a process is orphaned to init, where only the ledger (read
        by the post step) still knows it. One small file read per process of the tree."""
        if self.ledger is None:
            return
        stack = [pid]
        while stack:
            parent = stack.pop()
            try:
                with open('/proc/%d/task/%d/children' % (parent, parent), 'rb') as listing:
                    kids = [int(kid) for kid in listing.read().split()]
            except (OSError, ValueError):
                continue
            for kid in kids:
                stat = read_stat(kid)
                if stat is None:
                    continue
                if self.recorded.get(kid) != stat[2]:
                    if len(self.recorded) > 65536:
                        self.recorded.clear()  # only costs a repeated ledger line later
                    self.recorded[kid] = stat[2]
                    self.record(kid, stat[2])
                stack.append(kid)

    def check(self):
        """Attributes new orphans, kills those whose containers all ended, records what lives."""
        self.due = None
        if not self.subreaper:
            return
        now = ticks()
        for pid, container in self.live.items():
            if not container.ledgered:
                container.ledgered = True
                stat = read_stat(pid)
                if stat is not None:
                    self.record(pid, stat[2])
            self.record_descendants(pid)
        seen = {}
        killed = False
        for pid in self.children():
            if pid in self.live:
                continue
            orphan = self.orphans.get(pid)
            stat = read_stat(pid)
            if stat is None:
                continue
            if orphan is None or orphan[0] != stat[2]:
                orphan = (stat[2], self.candidates(pid, stat[0], stat[1], stat[2]))
                self.record(pid, stat[2])
            seen[pid] = orphan
            if all(c.ended is not None for c in orphan[1]):
                signal_quietly(pid)
                if stat[0] == pid:
                    signal_quietly(pid, group=True)
                killed = True
        self.orphans = seen
        while self.ended and now - self.ended[0].ended > REMEMBERED:
            gone = self.ended.popleft()
            if self.known.get(gone.pid) is gone:
                del self.known[gone.pid]
        if killed:
            self.schedule(SOON)
        elif self.live or self.orphans:
            self.schedule(TICK)

    def kill_all(self):
        """The end of the run: every descendant is killed and reaped, within about two seconds."""
        deadline = time.monotonic() + 2
        while True:
            for pid in list(self.live):
                signal_quietly(pid, group=True)
                signal_quietly(pid)
            for pid in self.children() if self.subreaper else []:
                signal_quietly(pid)
            reap(self)
            # Asked again after the reaping: a process killed a moment ago hands its own children to
            # us as it exits, and a subreaper with no children has no descendants left at all.
            left = self.children() if self.subreaper else []
            if (not self.live and not left) or time.monotonic() > deadline:
                return
            time.sleep(0.01)


def reap(contained):
    while True:
        try:
            if PEEK:
                exited = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
                if exited is None:
                    return
                pid = exited.si_pid
                # What is left of its container dies with it, while its zombie still holds the group's
                # id: once reaped, the id may be a new container's.
                if pid in contained.live:
                    signal_quietly(pid, group=True)
                pid, status = os.waitpid(pid, 0)
            else:
                pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if not contained.exited(pid):
            continue
        if os.WIFSIGNALED(status):
            say('X %d -1 %d' % (pid, os.WTERMSIG(status)))
        else:
            say('X %d %d 0' % (pid, os.WEXITSTATUS(status)))


def drain(fd):
    try:
        while os.read(fd, 4096):
            pass
    except BlockingIOError:
        pass


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
        say('U %s' % ' '.join(str(error).split()))
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    contained = Containment(sys.argv[1] if len(sys.argv) > 1 else '')
    # SIGTERM ends the program as the end of stdin does: its descendants die first.
    stopping = []
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stopping.append(True))
    # Children are reaped in this loop, never in a handler: a SIGCHLD that came just before a
    # blocking read would wait for the next request, which may never come. The C-level handler
    # writes to the wakeup pipe instead, so select() sees every exit however it is timed.
    woken, wake = os.pipe()
    os.set_blocking(woken, False)
    os.set_blocking(wake, False)
    signal.set_wakeup_fd(wake, warn_on_full_buffer=False)
    signal.signal(signal.SIGCHLD, lambda _signum, _frame: None)
    say('R group' if PEEK else 'R')
    spawner = Spawner(options, contained)
    # The start of a record not complete yet, in pieces: joined once its end has come.
    pending = []
    while not stopping:
        readable = select.select([0, woken], [], [], contained.timeout())[0]
        if woken in readable:
            drain(woken)
            reap(contained)
        if contained.due is not None and time.monotonic() >= contained.due:
            contained.check()
        if 0 not in readable:
            continue
        chunk = os.read(0, 262144)
        if not chunk:
            break
        pending.append(chunk)
        if END not in chunk:
            continue
        records = b''.join(pending).split(END)
        pending = [records.pop()]
        for record in records:
            spawner.answer(record)
    contained.kill_all()


main()
