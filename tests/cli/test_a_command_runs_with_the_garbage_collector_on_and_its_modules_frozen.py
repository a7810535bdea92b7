"""The entry point turns the cyclic collector off only while a command's modules load: the
command itself (a server running for weeks) collects garbage as usual."""

from __future__ import annotations

import subprocess
import sys
import textwrap

PROBE = textwrap.dedent("""
    import gc, sys
    import vernly.cli.sweep as sweep_module
    from vernly.cli.entry import run

    def look_and_stop(*args):
        print(gc.isenabled(), gc.get_freeze_count() > 10_000)
        raise SystemExit(0)

    sweep_module.settings_at = look_and_stop  # the command's first step: nothing is swept
    sys.argv = ["vernly", "sweep"]
    try:
        run()
    except SystemExit:
        pass
""")


def test_the_collector_is_on_inside_a_command_and_the_loaded_modules_are_frozen() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         check=True).stdout.strip().splitlines()[-1]
    assert out == "True True"
