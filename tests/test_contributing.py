"""A first-time contributor follows CONTRIBUTING.md, exactly as written, in a fresh copy of the
repository: the commands are read from the guide itself, so the guide and the tools cannot drift
apart. The new question must pass the checks and appear in the FAQ index and in search."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT
from kb import search
from kb.model import load

QID = "walkthrough-question"


def guide_commands(guide: Path) -> list[str]:
    """Shell commands of the 'Add a question' section, in order."""
    text = guide.read_text(encoding="utf-8")
    section = re.search(r"^## Add a question\n(.*?)^## ", text, re.S | re.M).group(1)
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", section, re.S):
        for line in block.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                commands.append(line.replace("your-question-id", QID))
    return commands


def fresh_copy(dest: Path) -> Path:
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    for f in files:
        if (ROOT / f).is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / f, dest / f)
    os.symlink(ROOT / ".venv", dest / ".venv")  # the installed tools; `make` sees them as up to date
    os.symlink(ROOT / "node_modules", dest / "node_modules")  # Pagefind (make test ran `npm ci` first)
    for cmd in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"],
                ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base"]):
        subprocess.run(cmd, cwd=dest, check=True, capture_output=True)
    return dest


def run(cmd: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(cmd, shell=True, cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


def fill_in(path: Path, question: str, body: str) -> None:
    """Replace the scaffold's question and body, keeping the rest of its front matter."""
    text = path.read_text(encoding="utf-8")
    front = re.sub(r"(?m)^question: .*$", f"question: {question}", text.split("\n---\n", 1)[0], count=1)
    path.write_text(front + "\n---\n" + body, encoding="utf-8")


def write_question(repo: Path) -> None:
    """What the contributor writes by hand in steps 2 and 3 (replacing every TODO)."""
    url = "https://help.openai.com/en/articles/10562188-why-was-my-openai-account-deactivated"
    title = "Why Was My OpenAI Account Deactivated?"
    fill_in(repo / "docs/zh/faq" / f"{QID}.md", "申诉时可以附上截图吗？", (
        "可以，但截图要遮住与申诉无关的个人信息。帮助中心给出的申诉方式是回复原通知邮件，截图只是补充说明。\n\n"
        f"官方说明见 [{title}]({url}) [[ev:official]]。\n"))
    fill_in(repo / "docs/en/faq" / f"{QID}.md", "Can I attach screenshots to an appeal?", (
        "Yes, but hide any personal data the appeal does not need. The Help Center's route is to reply to the "
        "notice email; a screenshot only adds detail.\n\n"
        f"The official word is in [{title}]({url}) [[ev:official]].\n"))


def test_a_new_question_by_following_contributing_md(tmp_path):
    repo = fresh_copy(tmp_path / "repo")
    commands = guide_commands(repo / "CONTRIBUTING.md")
    new_faq = [c for c in commands if c.startswith("make new-faq")]
    sync = [c for c in commands if c.startswith("make i18n-sync")]
    git = [c for c in commands if c.startswith("git ") and not c.startswith("git push")]
    assert len(new_faq) == 1 and len(sync) == 1 and git, commands

    step1 = run(new_faq[0], repo)  # step 1: scaffold both files
    assert step1.returncode == 0, step1.stdout + step1.stderr
    blocked = run("make check", repo)  # placeholders left: the checks refuse it and say where
    assert blocked.returncode != 0 and f"docs/zh/faq/{QID}.md" in blocked.stderr

    write_question(repo)  # steps 2 and 3
    step4 = run(sync[0], repo)  # step 4: record the translation
    assert step4.returncode == 0, step4.stdout + step4.stderr

    check = run("make check", repo)  # step 6 (the content part of make test)
    assert check.returncode == 0, check.stdout + check.stderr
    lint = run("make lint", repo)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    build = run("make build", repo)
    assert build.returncode == 0, build.stderr[-3000:]

    site = repo / "site"
    category = re.search(r"^category: (\S+)", (repo / "docs/zh/faq" / f"{QID}.md").read_text(encoding="utf-8"), re.M).group(1)
    indexed = search.indexed_pages(site)
    zh_question = "申诉时可以附上截图吗？"
    hant = load(repo).converter.text(zh_question)  # the Traditional page is generated, never written by hand
    assert hant == "申訴時可以附上截圖嗎？"
    for lang, prefix, question in (("zh", "", zh_question), ("en", "en/", "Can I attach screenshots to an appeal?"),
                                   ("zh-hant", "zh-hant/", hant)):
        assert (site / prefix / "faq" / QID / "index.html").exists()
        listing = (site / prefix / "faq/category" / category / "index.html").read_text(encoding="utf-8")
        assert f'id="{QID}"' in listing and question in listing
        assert f"/{prefix}faq/{QID}/" in indexed[lang], sorted(indexed[lang])[:5]

    for cmd in git:  # step 7, up to the push
        r = run(cmd, repo)
        assert r.returncode == 0, (cmd, r.stderr)
    log = run("git log --stat -1", repo).stdout
    assert f"docs/zh/faq/{QID}.md" in log and f"docs/en/faq/{QID}.md" in log
    assert "docs/zh-hant/" not in log, log
