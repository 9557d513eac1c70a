"""A server with --metrics-listen on a free loopback port, and a reader of
its Prometheus exposition (stdlib only)."""

import re
import shutil
import subprocess
import urllib.error
import urllib.request

from server_process import ServerProcess

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def start_with_metrics(*args, **kwargs):
    """(server, base URL of the metrics listener)."""
    server = ServerProcess(*args, "--metrics-listen", "127.0.0.1:0", **kwargs)
    line = server._read_line(server.proc.stdout, timeout=10).decode()
    match = re.fullmatch(r"Metrics at (http://127\.0\.0\.1:\d+)/metrics\n",
                         line)
    if not match:
        server.kill()
        raise RuntimeError(f"unexpected metrics line {line!r}")
    return server, match.group(1)


def get(url, timeout=10, headers=None):
    """(status, headers, body) of a GET, errors included."""
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def parse(text):
    """{(name, frozenset of label pairs): value} of every sample."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if not m:
            raise AssertionError(f"not a sample line: {line!r}")
        labels = frozenset(LABEL.findall(m.group(3) or ""))
        out[(m.group(1), labels)] = float(m.group(4))
    return out


def value(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())), 0.0)


def promtool_check(text):
    """promtool's verdict on an exposition: (exit code, its output)."""
    tool = shutil.which("promtool")
    if tool is None:
        raise AssertionError("promtool missing: tools/install-deps.sh --all "
                             "installs Debian's prometheus")
    done = subprocess.run([tool, "check", "metrics"], input=text.encode(),
                          capture_output=True, timeout=30)
    return done.returncode, done.stdout + done.stderr
