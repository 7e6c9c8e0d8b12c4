"""The sync secret, read when a sync runs and kept in memory only (szreader never writes it anywhere).

In order: the ``SZREADER_SYNC_PASSWORD`` variable; ``token_command`` (Miniflux's API token) or
``password_command``, run without a shell, its first output line taken; ``password`` from config.toml
(which config.py accepts only when no other user can read the file).
"""

from __future__ import annotations

import os
import shlex
import subprocess

from reader.config import SyncConfig
from reader.sync.base import Account
from reader.sync.http import SyncError

COMMAND_SECONDS = 60  #: a password manager may ask for a passphrase


def _run(command: str, key: str) -> str:
    try:
        argv = shlex.split(command)
    except ValueError as e:
        raise SyncError(f"[sync] {key}: cannot be split into words ({e})") from None
    if not argv:
        raise SyncError(f"[sync] {key} is empty")
    try:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=COMMAND_SECONDS)
    except FileNotFoundError:
        raise SyncError(f"[sync] {key}: command not found: {argv[0][:80]}") from None
    except subprocess.TimeoutExpired:
        raise SyncError(f"[sync] {key}: no answer within {COMMAND_SECONDS} s") from None
    except OSError as e:
        raise SyncError(f"[sync] {key}: cannot run it: {e.strerror}") from None
    if done.returncode != 0:  # its stderr is not shown: it might echo something secret
        raise SyncError(f"[sync] {key} failed (exit status {done.returncode})")
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    secret = lines[0].strip() if lines else ""
    if not secret:
        raise SyncError(f"[sync] {key} printed nothing")
    return secret


def account(cfg: SyncConfig) -> Account:
    """The account to sync with, its secret resolved. Raises SyncError when there is none."""
    env = os.environ.get("SZREADER_SYNC_PASSWORD")
    if env:
        return Account(cfg.service, cfg.url, cfg.user, env, token=cfg.service == "miniflux" and not cfg.user)
    if cfg.token_command:
        return Account(cfg.service, cfg.url, cfg.user, _run(cfg.token_command, "token_command"), token=True)
    if cfg.password_command:
        return Account(cfg.service, cfg.url, cfg.user, _run(cfg.password_command, "password_command"))
    if cfg.password:
        return Account(cfg.service, cfg.url, cfg.user, cfg.password)
    raise SyncError("no sync password: set password_command (or token_command) in [sync], "
                    "or the SZREADER_SYNC_PASSWORD variable")
