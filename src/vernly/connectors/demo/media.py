"""The demo's CCTV folder and web server access log."""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta
from pathlib import Path

from vernly.connectors.demo.pools import AGENTS, CAMERAS, PAGES, REFERERS
from vernly.connectors.records import as_utc

SEGMENT = timedelta(minutes=15)
"""Length of one recording file (what `FileStore` assumes by default)."""
RECORDING = b"\x00\x00\x00\x18ftypmp42demo"
"""A few bytes that start like an MP4 file; the demo needs the names, not the video."""
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def write_recordings(root: Path, now: datetime, seed: int, days: int = 30,
                     per_day: int = 6) -> tuple[int, tuple[datetime, datetime]]:
    """Motion-triggered 15-minute recordings per camera over the last `days` days, in
    daytime; every camera recorded yesterday 09:00-09:30. Returns (files, that window)."""
    rng = random.Random(seed)
    utc = as_utc(now)
    today = utc.replace(hour=0, minute=0, second=0, microsecond=0)
    slots = range(6 * 4, 20 * 4)  # quarter hours from 06:00 to 20:00
    window = (today - timedelta(days=1) + timedelta(hours=9, minutes=5),
              today - timedelta(days=1) + timedelta(hours=9, minutes=20))
    written = 0
    for camera in CAMERAS:
        folder = root / camera
        folder.mkdir(parents=True, exist_ok=True)
        moments = {today - timedelta(days=1, hours=-9), today - timedelta(days=1, hours=-9,
                                                                           minutes=-15)}
        for day in range(days):
            base = today - timedelta(days=day)
            for slot in rng.sample(slots, per_day):
                moments.add(base + slot * SEGMENT)
        for moment in sorted(m for m in moments if m + SEGMENT <= utc):
            (folder / f"{moment:%Y%m%dT%H%M%S}.mp4").write_bytes(RECORDING)
            written += 1
    return written, window


def _clf_time(ts: int) -> str:
    t = time.gmtime(ts)
    return (f"{t.tm_mday:02d}/{_MONTHS[t.tm_mon - 1]}/{t.tm_year}:"
            f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} +0000")


def client_addresses(rng: random.Random, count: int) -> list[str]:
    addresses = []
    for _ in range(count):
        if rng.random() < 0.1:
            addresses.append(f"2001:db8:{rng.randrange(1 << 16):x}:{rng.randrange(1 << 16):x}::"
                             f"{rng.randrange(1, 1 << 16):x}")
        else:
            addresses.append(f"{rng.choice((77, 78, 80, 81, 84, 85, 88, 89, 91, 92, 93, 94))}."
                             f"{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}")
    return list(dict.fromkeys(addresses))


def write_access_log(path: Path, now: datetime, lines: int, seed: int,
                     days: int = 90) -> tuple[int, list[str]]:
    """A combined-format log over the last `days` days; returns (lines, sample addresses)."""
    rng = random.Random(seed)
    clients = client_addresses(rng, max(50, lines // 20))
    end = int(as_utc(now).timestamp())
    rnd, span, n = rng.random, days * 86_400, len(clients)
    moments = sorted(end - int(rnd() * span) for _ in range(lines))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        batch: list[str] = []
        used: dict[str, None] = {}
        for ts in moments:
            client = clients[int(rnd() * n)]
            if len(used) < 3:
                used[client] = None
            page = PAGES[int(rnd() * len(PAGES))]
            status = 200 if rnd() < 0.93 else (301, 304, 404)[int(rnd() * 3)]
            batch.append(f'{client} - - [{_clf_time(ts)}] "GET {page} HTTP/1.1" '
                         f'{status} {300 + int(rnd() * 90_000)} '
                         f'"{REFERERS[int(rnd() * len(REFERERS))]}" '
                         f'"{AGENTS[int(rnd() * len(AGENTS))]}"\n')
            if len(batch) >= 10_000:
                out.writelines(batch)
                batch.clear()
        out.writelines(batch)
    return lines, list(used)
