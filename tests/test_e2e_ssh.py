"""The explorer over a real SSH session to 127.0.0.1, at 80x24, driven by keys alone.

The test starts its own sshd (Debian's openssh-server) on a free port with a throwaway host
key, user key and configuration, and stops it at the end. Inside tmux, `ssh -tt` runs the
installed `manualtui` on the far side; the keys and the screen go through SSH both ways.
Skipped where tmux, ssh or sshd is missing, failed under CI=true (tests/realparts.py).
"""

from __future__ import annotations

import getpass
import os
import shlex
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.realparts import require_tool
from tests.tui_support import Terminal, check_exports, installed_manualtui, walk_the_journey

SSHD_CONFIG = """\
Port {port}
ListenAddress 127.0.0.1
HostKey {folder}/host_key
PidFile {folder}/sshd.pid
AuthorizedKeysFile {folder}/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
X11Forwarding no
AllowTcpForwarding no
PrintMotd no
LogLevel ERROR
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_listening(port: int, server: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"sshd exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"sshd never listened on port {port}")


@pytest.fixture
def sshd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, Path]]:
    """A running sshd on 127.0.0.1: (port, private key of an authorised user key)."""
    monkeypatch.setenv("PATH", os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
    daemon = Path(require_tool("sshd")).resolve()  # sshd insists on an absolute path
    keygen = require_tool("ssh-keygen")
    require_tool("ssh")
    folder = tmp_path / "sshd"
    folder.mkdir()
    for name in ("host_key", "user_key"):
        subprocess.run(
            [keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)], check=True
        )
    (folder / "authorized_keys").write_text((folder / "user_key.pub").read_text())
    port = free_port()
    config = folder / "sshd_config"
    config.write_text(SSHD_CONFIG.format(port=port, folder=folder))
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(parents=True, exist_ok=True)  # privilege separation
    subprocess.run([str(daemon), "-t", "-f", str(config)], check=True)
    server = subprocess.Popen([str(daemon), "-D", "-e", "-f", str(config)])
    try:
        wait_until_listening(port, server)
        yield port, folder / "user_key"
    finally:
        server.terminate()
        server.wait(timeout=10)


def ssh_command(port: int, key: Path, remote: str) -> str:
    options = [
        "-tt",
        "-p",
        str(port),
        "-i",
        str(key),
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "LogLevel=ERROR",
        "-o",
        "BatchMode=yes",
    ]
    target = f"{getpass.getuser()}@127.0.0.1"
    return (
        f"env TERM=xterm-256color ssh {' '.join(shlex.quote(o) for o in options)} "
        f"{target} {shlex.quote(remote)}"
    )


def test_browse_and_export_over_ssh_at_80x24(sshd: tuple[int, Path], tmp_path: Path) -> None:
    port, key = sshd
    exports = tmp_path / "exports"
    exports.mkdir()
    remote = f"cd {shlex.quote(str(exports))} && exec {shlex.quote(str(installed_manualtui()))}"
    with Terminal(ssh_command(port, key, remote), 80, 24) as term:
        tracker, briefing = walk_the_journey(term, exports)
    check_exports(tracker, briefing)
