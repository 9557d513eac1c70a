"""A program on a pseudo-terminal of its own, as a person runs it: the
terminal is its controlling terminal (so ^C is SIGINT) and stdin, stdout
and stderr. The test keeps the terminal's slave side open as well, so what
the program wrote stays readable after it exits (a pty whose last slave
closes is hung up, and Linux may drop what was not yet read)."""

import fcntl
import os
import pty
import select
import subprocess
import termios
import time


class Terminal:
    def __init__(self, argv):
        self.master, self.slave = pty.openpty()

        def controlling_terminal():
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen(
            argv, stdin=self.slave, stdout=self.slave, stderr=self.slave,
            start_new_session=True, preexec_fn=controlling_terminal)
        self.output = b""

    def read_until(self, marker, count=1, timeout=10):
        """Reads until `marker` was seen `count` times; False on timeout."""
        deadline = time.monotonic() + timeout
        while self.output.count(marker) < count:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            if select.select([self.master], [], [], min(left, 0.1))[0]:
                self.output += os.read(self.master, 65536)
        return True

    def write(self, data):
        os.write(self.master, data)

    def wait(self, timeout=10):
        """The exit code, after reading what is left."""
        code = self.proc.wait(timeout=timeout)
        while select.select([self.master], [], [], 0)[0]:
            self.output += os.read(self.master, 65536)
        return code

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)
        os.close(self.slave)
