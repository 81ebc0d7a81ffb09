"""The repository around the site: workflows, issue forms, lock file, README, CI entry point."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
FORMS = sorted(p for p in (ROOT / ".github/ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")


def schema_check(schema: str, files: list[Path]) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)]
    return subprocess.run(cmd, capture_output=True, text=True)


def test_workflows_and_issue_forms_match_githubs_schemas():
    assert {p.name for p in WORKFLOWS} == {"ci.yml", "deploy.yml", "links-external.yml"}
    assert len(FORMS) == 3
    for schema, files in (("vendor.github-workflows", WORKFLOWS), ("vendor.github-issue-forms", FORMS),
                          ("vendor.github-issue-config", [ROOT / ".github/ISSUE_TEMPLATE/config.yml"])):
        r = schema_check(schema, files)
        assert r.returncode == 0, r.stdout + r.stderr


def test_schema_check_rejects_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: nope\n")
    assert schema_check("vendor.github-workflows", [bad]).returncode != 0


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_pin_actions_and_keep_least_privilege(path):
    text = path.read_text()
    data = yaml.safe_load(text)
    for uses in re.findall(r"uses:\s*(\S+)", text):
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", uses), f"{path.name}: not pinned to a commit: {uses}"
    assert data["permissions"] == {"contents": "read"}, "top-level permissions must be read-only"
    assert "pull_request_target" not in text
    assert "secrets." not in text, "no secrets in workflows that pull requests can trigger"
    for name, job in data["jobs"].items():
        assert "timeout-minutes" in job, f"{path.name}: job {name} has no timeout"
        extra = job.get("permissions", {})
        assert set(extra) <= {"pages", "id-token"}, f"{path.name}: job {name} asks for {extra}"


def test_ci_runs_make_test_and_uploads_the_site():
    ci = (ROOT / ".github/workflows/ci.yml").read_text()
    assert "bash .ci/run" in ci and "name: site" in ci
    assert "make test" in (ROOT / ".ci/run").read_text()
    deploy = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text())
    assert deploy[True]["workflow_run"]["workflows"] == ["CI"]  # deploys only what CI passed
    assert "steps.pages.outputs.base_url" in (ROOT / ".github/workflows/deploy.yml").read_text()


def test_every_dependency_is_pinned_exactly_with_hashes():
    lock = (ROOT / "requirements.lock").read_text()
    reqs = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)", lock, re.M)
    names = {n.lower() for n, _ in reqs}
    for needed in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "properdocs", "linkchecker", "pytest", "playwright"):
        assert needed in names, needed
    assert ("mkdocs", "1.6.1") in [(n.lower(), v) for n, v in reqs]
    assert ("mkdocs-material", "9.8.2") in [(n.lower(), v) for n, v in reqs]
    assert ("mkdocs-static-i18n", "1.3.1") in [(n.lower(), v) for n, v in reqs]
    blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", lock.split("\n", 1)[1])
    for block in blocks:
        if re.match(r"[A-Za-z0-9_.-]+==", block):
            assert "--hash=sha256:" in block, block.split()[0]
    assert not re.search(r"^[A-Za-z0-9_.-]+(>=|~=|<)", lock, re.M)
    assert re.search(r"^mkdocs>=1\.6\.1,<2$", (ROOT / "requirements.in").read_text(), re.M), "state mkdocs<2 in requirements.in"


def test_node_tools_are_pinned_exactly_in_package_lock():
    """Pagefind (1.6.x from npm; PyPI's 1.5.2 misses Chinese pages) and the Nu checker, installed by `npm ci`."""
    pkg = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    for name in ("pagefind", "vnu-jar", "lighthouse"):
        wanted = pkg["devDependencies"][name]
        assert re.fullmatch(r"\d+\.\d+\.\d+", wanted), f"{name} must be pinned exactly, not {wanted!r}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == wanted
    assert pkg["devDependencies"]["pagefind"].startswith("1.6.")


def test_readme_has_exactly_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text()
    setup = re.search(r"```sh\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in setup.splitlines() if line.split("#")[0].strip()]
    assert commands == ["make serve", "make test"]


def test_licences_are_stated_on_the_site():
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert "CC BY-SA 4.0" in (ROOT / "LICENSE-CONTENT.md").read_text() or "Attribution-ShareAlike 4.0" in (
        ROOT / "LICENSE-CONTENT.md").read_text()
    config = (ROOT / "mkdocs.yml").read_text()
    assert config.count("CC BY-SA 4.0") >= 2 and config.count("MIT") >= 2  # footer, both languages
    for lang in ("zh", "en"):
        assert "CC BY-SA 4.0" in (ROOT / f"docs/{lang}/about.md").read_text()
