"""Test certificates made with the openssl CLI, and users files made with
`inventory-server users`: a private CA, a server certificate for
127.0.0.1, client certificates, and a CA nobody trusts."""

import os
import subprocess
import tempfile

from server_process import BINARY


def run(*argv, stdin=None):
    subprocess.run(argv, check=True, capture_output=True, input=stdin,
                   timeout=60)


class Pki:
    """Keys and certificates in a temporary directory."""

    def __init__(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="inventory-pki-")
        self.dir = self.tmp.name
        self.ca = self.make_ca("ca")
        self.other_ca = self.make_ca("other-ca")
        self.server_cert, self.server_key = self.issue(
            "server", "127.0.0.1", self.ca, san="IP:127.0.0.1")

    def path(self, name):
        return os.path.join(self.dir, name)

    def make_ca(self, name):
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
            "-keyout", self.path(name + ".key"), "-out",
            self.path(name + ".pem"), "-days", "2", "-subj", f"/CN={name}")
        return name

    def issue(self, name, common_name, ca, san=None):
        """A key and a certificate for `common_name`, signed by `ca`;
        returns (certificate path, key path)."""
        key, csr, cert = (self.path(name + x) for x in (".key", ".csr", ".pem"))
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
            "-out", csr, "-subj", f"/CN={common_name}")
        argv = ["openssl", "x509", "-req", "-in", csr, "-CA",
                self.path(ca + ".pem"), "-CAkey", self.path(ca + ".key"),
                "-CAcreateserial", "-out", cert, "-days", "2"]
        if san:
            ext = self.path(name + ".ext")
            with open(ext, "w") as f:
                f.write(f"subjectAltName={san}\n")
            argv += ["-extfile", ext]
        run(*argv)
        return cert, key

    def ca_file(self, ca=None):
        return self.path((ca or self.ca) + ".pem")

    def cleanup(self):
        self.tmp.cleanup()


def add_user(users_file, name, role, password):
    """Adds a user with `inventory-server users add`, password on stdin."""
    run(BINARY, "users", "add", name, "--role", role, "--file", users_file,
        stdin=(password + "\n").encode())
