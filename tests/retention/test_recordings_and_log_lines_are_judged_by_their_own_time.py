"""CCTV recordings go by the time in their file name (not mtime) after 7 days; web server
log lines older than the rule's limit lose the host part of their IP address, atomically,
and a second sweep changes nothing."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.retention.support import NOW, cctv_file, days, log_line, result, sweep, workspace
from vernly.engine.retention.stores import digit_parser
from vernly.policy.loader import example_policy_path

LOG_RULE = """    systems: [weblog]
    retention:
      rules:
        - duration: P30D
          trigger: recorded
          action: truncate_ip
          datasets: [weblog]
"""


def test_recordings_older_than_seven_days_by_their_name_are_deleted(tmp_path: Path) -> None:
    ws, env = workspace(tmp_path)
    old = cctv_file(ws, "inngang", NOW - days(7) - days(1 / 24))
    boundary = cctv_file(ws, "garasje", NOW - days(7))
    fresh = cctv_file(ws, "garasje", NOW - days(2))
    # A restored backup: ancient mtime, but recorded two days ago; it stays.
    os.utime(fresh, (0, 0))
    (ws / "data" / "cctv" / "inngang" / "notes.txt").write_text("not a recording")

    report = sweep(ws, env, NOW)

    assert not old.exists()
    assert boundary.exists() and fresh.exists()
    assert (ws / "data" / "cctv" / "inngang" / "notes.txt").exists()
    cctv = result(report, "cctv:0:cctv")
    assert (cctv["deleted"], cctv["oldest_remaining"]) == (1, (NOW - days(7)).isoformat())
    assert result(sweep(ws, env, NOW), "cctv:0:cctv")["deleted"] == 0


def test_ip_addresses_in_old_log_lines_are_truncated_and_new_ones_kept(tmp_path: Path) -> None:
    text = example_policy_path().read_text().replace(
        "    systems: [weblog]\n    retention: not_stated\n", LOG_RULE)
    ws, env = workspace(tmp_path, policy_text=text)
    log = ws / "data" / "logs" / "access.log"
    log.write_text(log_line("84.210.17.42", NOW - days(40)) + "a line no parser knows\n"
                   + log_line("2001:db8:85a3::8a2e:370:7334", NOW - days(31))
                   + log_line("84.210.17.43", NOW - days(3)))
    inode = log.stat().st_ino

    report = sweep(ws, env, NOW)

    lines = log.read_text().splitlines()
    assert lines[0].startswith("84.210.17.0 - - [")
    assert lines[1] == "a line no parser knows"
    assert lines[2].startswith("2001:db8:85a3:: - - [")
    assert lines[3].startswith("84.210.17.43 - - [")
    assert log.stat().st_ino != inode, "the log was rewritten in place, not replaced"
    weblog = result(report, "server_logs:0:weblog")
    assert weblog["truncated"] == 2
    assert weblog["oldest_remaining"] == (NOW - days(3)).isoformat()
    assert result(sweep(ws, env, NOW), "server_logs:0:weblog")["truncated"] == 0


@settings(max_examples=300, deadline=None)
@given(at=st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 31)),
       fmt=st.sampled_from(["%Y%m%dT%H%M%S", "%Y-%m-%d_%H-%M-%S", "%Y%m%d%H%M", "%Y/%m/%d"]))
def test_the_fast_name_parser_reads_times_exactly_like_strptime(at: datetime, fmt: str) -> None:
    parse = digit_parser(fmt)
    assert parse is not None
    text = at.strftime(fmt)
    assert parse(text) == datetime.strptime(text, fmt).replace(tzinfo=UTC)


def test_names_that_are_not_real_times_are_left_alone(tmp_path: Path) -> None:
    ws, env = workspace(tmp_path)
    odd = ws / "data" / "cctv" / "inngang" / "20241399T000000.mp4"
    odd.parent.mkdir(parents=True)
    odd.write_bytes(b"")
    sweep(ws, env, NOW)
    assert odd.exists()
    assert digit_parser("%Y%j") is None
