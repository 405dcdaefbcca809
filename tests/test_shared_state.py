import subprocess
import sys
import textwrap

from karabakh_desktop.core.shared_state import SharedState


def test_another_connection_sees_the_change(store_copy):
    a, b = SharedState(store_copy, "a"), SharedState(store_copy, "b")
    assert b.poll() == {}
    a.write("selection", ["shusha"])
    assert b.poll() == {"selection": ["shusha"]}
    assert b.poll() == {}
    assert a.poll() == {}  # its own writes are not echoed back
    a.close(), b.close()


def test_rewriting_the_same_value_still_reaches_followers(store_copy):
    """data_version does not move for a write that changes nothing: the revision makes it move."""
    a, b = SharedState(store_copy, "a"), SharedState(store_copy, "b")
    a.write("selection", ["shusha"])
    b.poll()
    a.write("selection", ["shusha"])
    assert b.poll() == {"selection": ["shusha"]}
    a.close(), b.close()


def test_two_processes_writing_at_once_lose_nothing(store_copy):
    code = textwrap.dedent(f"""
        import sys
        from karabakh_desktop.core.shared_state import SharedState
        s = SharedState({str(store_copy)!r}, sys.argv[1])
        ok = all(s.write("sel-" + sys.argv[1] + "-" + str(i), [i]) for i in range(150))
        print("ok" if ok else "LOST", s.last_error)
    """)
    procs = [subprocess.Popen([sys.executable, "-c", code, w], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for w in ("p1", "p2")]
    outs = [p.communicate(timeout=120) for p in procs]
    for out, err in outs:
        assert out.startswith("ok"), (out, err)
        assert "locked" not in err
    reader = SharedState(store_copy, "r")
    for w in ("p1", "p2"):
        assert all(reader.read(f"sel-{w}-{i}") == [i] for i in range(150))
    reader.close()
