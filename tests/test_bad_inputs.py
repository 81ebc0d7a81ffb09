"""Every malformed contribution in the corpus is stopped with its own message naming the file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bad_inputs import CASES, Case
from conftest import ROOT, make_fixture_site

from kb import sitekit


def apply(case: Case, site: Path) -> None:
    for path, data in case.write.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    for path, text in case.append.items():
        target = site / path
        target.write_text(target.read_text(encoding="utf-8") + text, encoding="utf-8")
    for path in case.delete:
        (site / path).unlink()


def run_check(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kb", "--root", str(site), "check"], capture_output=True, text=True,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT / "scripts"), "PATH": "/usr/bin:/bin"})


def test_corpus_is_large_and_distinct():
    assert len(CASES) >= 25
    assert len({c.name for c in CASES}) == len(CASES)


def test_fixture_itself_is_clean(tmp_path):
    site = make_fixture_site(tmp_path / "s")
    check = run_check(site)
    assert check.returncode == 0, check.stderr
    build = sitekit.build(site)
    assert build.returncode == 0, build.stderr[-3000:]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input_is_rejected(case: Case, tmp_path):
    site = make_fixture_site(tmp_path / "s")
    apply(case, site)
    for gate in case.gates:
        proc = run_check(site) if gate == "check" else sitekit.build(site)
        output = proc.stdout + proc.stderr
        assert proc.returncode != 0, f"{case.name}: {gate} passed but must fail\n{output[-3000:]}"
        assert "Traceback" not in output, f"{case.name}: {gate} crashed instead of reporting\n{output[-3000:]}"
        assert case.expect in output, f"{case.name}: {gate} did not say {case.expect!r}\n{output[-3000:]}"
        # kb names files from the repository root (docs/zh/x.md), MkDocs from docs/ (zh/x.md)
        named = case.file if gate == "check" else case.file.removeprefix("docs/")
        assert named in output, f"{case.name}: {gate} did not name {named}\n{output[-3000:]}"


def test_outdated_translation_still_builds_with_notice(tmp_path):
    """An outdated translation fails `kb check` (above) but builds, with a notice on the English page."""
    site = make_fixture_site(tmp_path / "s")
    build = sitekit.build(site, tmp_path / "out")
    assert build.returncode == 0, build.stderr[-3000:]
    assert "kb-notice--outdated" not in (tmp_path / "out/en/index.html").read_text(encoding="utf-8")
    apply(next(c for c in CASES if c.name == "outdated-translation"), site)
    build = sitekit.build(site, tmp_path / "out2")
    assert build.returncode == 0, build.stderr[-3000:]
    html = (tmp_path / "out2/en/index.html").read_text(encoding="utf-8")
    assert "kb-notice--outdated" in html
    assert 'href="../" hreflang="zh"' in html  # links to the current Chinese page
    assert "kb-notice--outdated" not in (tmp_path / "out2/index.html").read_text(encoding="utf-8")
