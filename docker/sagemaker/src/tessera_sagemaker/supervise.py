"""`python3 -m tessera_sagemaker.supervise --log FILE --exit FILE -- COMMAND...`

How the process backend (apps/server/src/runtime/work-process.ts) runs a SageMaker container's
command on the host. Docker keeps what a container printed, a timestamp on every line, and its
exit code after it ends, whether or not anyone is watching. A host process has none of that, and
the server that started it may crash and come back much later; so this supervisor, started
detached as the leader of its own process group, does the engine's part:

- COMMAND runs in the same process group, stdout and stderr on one pipe. Every line goes to the
  log FILE as `<ISO-8601 UTC time with milliseconds> <line>`. The times strictly increase (a
  burst within one millisecond is spread over the next ones), so a reader that resumes "after the
  newest line it stored" neither repeats nor skips a line.
- When COMMAND ends, whatever it left running in the group is killed (a container ends with its
  first process), the log is completed, and then the exit code (128 + N when signal N ended it,
  127 when it could not be started) is written to the exit FILE, atomically. A reader that finds
  the exit file therefore has the whole log.
- The supervisor survives SIGTERM/SIGINT/SIGHUP: the backend's stop signals the whole group, so
  COMMAND gets the signal itself, and the supervisor stays to record how COMMAND ended.
"""
import datetime
import os
import signal
import subprocess
import sys
import threading


def _stamp(last_ms):
    """The next timestamp: now, or one millisecond after the previous one if that is later."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ms = max(int(now.timestamp() * 1000), last_ms + 1)
    t = datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc)
    return ms, t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


class StampedLog:
    def __init__(self, path):
        self._f = open(path, "ab", buffering=0)
        self._last = 0
        self._lock = threading.Lock()

    def line(self, data):
        if not data.endswith(b"\n"):
            data += b"\n"
        with self._lock:
            self._last, text = _stamp(self._last)
            self._f.write(text.encode("ascii") + b" " + data)

    def close(self):
        self._f.close()


def _pump(pipe, log):
    for data in iter(pipe.readline, b""):
        log.line(data)
    pipe.close()


def _kill_rest_of_group():
    """SIGKILLs every other process of this process group (what COMMAND left behind) -- only
    when the group is the supervisor's own: run by hand from a shell, it shares the shell's."""
    me = os.getpid()
    group = os.getpgrp()
    if group != me:
        return
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().decode("ascii", "replace")
            # Fields after the command name (which may hold spaces): state, ppid, pgrp, ...
            pgrp = int(stat[stat.rindex(")") + 2:].split(" ")[2])
            if pgrp == group:
                os.kill(int(entry), signal.SIGKILL)
        except (OSError, ValueError):
            continue


def _write_exit(path, code):
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write(f"{code}\n")
    os.replace(tmp, path)


def parse_args(argv):
    opts = {}
    i = 0
    while i < len(argv) and argv[i] != "--":
        if argv[i] in ("--log", "--exit") and i + 1 < len(argv):
            opts[argv[i][2:]] = argv[i + 1]
            i += 2
        else:
            raise SystemExit(f"supervise: unexpected argument {argv[i]!r}")
    command = argv[i + 1:]
    if "log" not in opts or "exit" not in opts or not command:
        raise SystemExit("usage: python3 -m tessera_sagemaker.supervise --log FILE --exit FILE -- COMMAND...")
    return opts["log"], opts["exit"], command


def main(argv):
    log_path, exit_path, command = parse_args(argv)
    # A Python-level handler rather than SIG_IGN: ignored signals stay ignored across exec, and
    # COMMAND must get the default behaviour (or install its own).
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda *_: None)
    log = StampedLog(log_path)
    try:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except OSError as e:
        log.line(f"could not start {command[0]}: {e.strerror or e}".encode())
        log.close()
        _write_exit(exit_path, 127)
        return 0
    reader = threading.Thread(target=_pump, args=(child.stdout, log), daemon=True)
    reader.start()
    while True:
        try:
            rc = child.wait()
            break
        except InterruptedError:
            continue
    # Leftover processes would keep the pipe open (and keep running, which a container's
    # would not); once they are gone the reader sees the end of the output.
    _kill_rest_of_group()
    reader.join(timeout=10)
    log.close()
    _write_exit(exit_path, 128 - rc if rc < 0 else rc)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
