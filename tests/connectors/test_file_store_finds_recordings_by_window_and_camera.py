"""The CCTV folder: recordings are found by the time window and camera the person gives,
including the one already running when the window opened, and erasure deletes them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from vernly.connectors.files import FileStore
from vernly.connectors.identity import Identity
from vernly.errors import ConfigurationError
from vernly.policy.loader import load_example

START = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
CAMERAS = ("inngang", "resepsjon", "garasje")


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    for camera in CAMERAS:
        (tmp_path / camera).mkdir()
        for n in range(8):  # 15-minute recordings 08:00 .. 09:45
            moment = START + timedelta(minutes=15 * n)
            (tmp_path / camera / f"{moment:%Y%m%dT%H%M%S}.mp4").write_bytes(b"\x00ftyp")
    (tmp_path / "inngang" / "notes.txt").write_text("not a recording")
    (tmp_path / "inngang" / "20261399T000000.mp4").write_bytes(b"bad month")
    return FileStore(load_example().policy.system("cctv"), tmp_path)


def _window(a: str, b: str, *cameras: str) -> Identity:
    day = "2026-06-10T"
    return Identity(window=(datetime.fromisoformat(day + a).replace(tzinfo=UTC),
                            datetime.fromisoformat(day + b).replace(tzinfo=UTC)),
                    cameras=cameras)


def test_every_recording_matching_the_pattern_is_listed(store: FileStore) -> None:
    files = list(store.iter_files())
    assert len(files) == 24
    assert {f.camera for f in files} == set(CAMERAS)


def test_a_window_finds_the_running_recording_and_those_started_inside(
        store: FileStore) -> None:
    found = store.access(_window("08:20:00", "08:50:00", "inngang"))
    assert [f.path for f in found] == ["inngang/20260610T081500.mp4",
                                       "inngang/20260610T083000.mp4",
                                       "inngang/20260610T084500.mp4"]
    assert all(f.size == 5 for f in found)
    assert found[0].recorded_at == START + timedelta(minutes=15)


def test_no_camera_means_every_camera(store: FileStore) -> None:
    found = store.access(_window("09:00:00", "09:10:00"))
    assert sorted(f.camera or "" for f in found) == sorted(CAMERAS)


def test_erasure_deletes_exactly_those_files_and_a_second_run_deletes_none(
        store: FileStore) -> None:
    person = _window("08:20:00", "08:50:00", "inngang", "garasje")
    assert store.erase(person) == 6
    assert store.erase(person) == 0
    assert len(list(store.iter_files())) == 18
    assert (store.root / "inngang" / "notes.txt").exists()


def test_older_than_lists_recordings_for_the_retention_sweep(store: FileStore) -> None:
    old = list(store.older_than(START + timedelta(minutes=30)))
    assert len(old) == 6
    assert store.oldest() is not None and store.oldest().recorded_at == START  # type: ignore[union-attr]


def test_a_missing_folder_is_a_configuration_error(tmp_path: Path) -> None:
    store = FileStore(load_example().policy.system("cctv"), tmp_path / "nowhere")
    with pytest.raises(ConfigurationError, match="does not exist"):
        list(store.iter_files())
