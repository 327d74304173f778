"""Discovery: links out of the given paths are refused, hidden entries are counted, odd names never raise."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractors.discovery import discover_files
from extractors.records import IgnoredInput, RejectedInput


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """An inbox with one article, and a folder outside it holding a secret file and a secret folder."""
    inbox = tmp_path / "inbox"
    (inbox / "day1").mkdir(parents=True)
    (inbox / "day1" / "report.txt").write_text("Troops entered the city on Monday.\n")
    outside = tmp_path / "outside"
    (outside / "vault").mkdir(parents=True)
    (outside / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (outside / "vault" / "key.txt").write_text("private\n")
    return tmp_path


def _split(found: list) -> tuple[list[Path], list[RejectedInput], list[IgnoredInput]]:
    return (
        [f for f in found if isinstance(f, Path)],
        [f for f in found if isinstance(f, RejectedInput)],
        [f for f in found if isinstance(f, IgnoredInput)],
    )


def test_links_leading_outside_the_given_folders_are_rejected_and_links_inside_followed(tree: Path) -> None:
    inbox = tree / "inbox"
    (inbox / "p").symlink_to(tree / "outside" / "secret.txt")
    (inbox / "day1" / "deep").symlink_to(tree / "outside" / "vault")
    (inbox / "latest.txt").symlink_to(inbox / "day1" / "report.txt")

    files, rejected, _ = _split(list(discover_files([inbox])))

    assert sorted(files) == [inbox / "day1" / "report.txt", inbox / "latest.txt"]
    by_path = {Path(r.path).name: r for r in rejected}
    assert set(by_path) == {"p", "deep"}
    assert {r.kind for r in rejected} == {"link_outside"}
    assert str((tree / "outside" / "secret.txt").resolve()) in by_path["p"].reason
    assert str((tree / "outside" / "vault").resolve()) in by_path["deep"].reason
    assert "--allow-external-links" in by_path["p"].reason

    # Every given path is a root: a link into another given folder is inside.
    files, rejected, _ = _split(list(discover_files([inbox, tree / "outside" / "vault"])))
    assert inbox / "day1" / "deep" / "key.txt" in files
    assert [Path(r.path).name for r in rejected] == ["p"]


def test_a_link_given_directly_is_rejected_when_it_leads_outside(tree: Path) -> None:
    link = tree / "inbox" / "p"
    link.symlink_to(tree / "outside" / "secret.txt")

    (rejection,) = discover_files([link])

    assert isinstance(rejection, RejectedInput) and rejection.kind == "link_outside"
    # Given together with the folder it points into, the same link is inside the inputs.
    assert next(iter(discover_files([link, tree / "outside"]))) == link


def test_allow_external_links_follows_them(tree: Path) -> None:
    inbox = tree / "inbox"
    (inbox / "p").symlink_to(tree / "outside" / "secret.txt")
    (inbox / "deep").symlink_to(tree / "outside" / "vault")

    files, rejected, _ = _split(list(discover_files([inbox], allow_external_links=True)))

    assert rejected == []
    assert {f.name for f in files} == {"report.txt", "p", "key.txt"}


def test_hidden_files_and_folders_are_counted_as_ignored(tree: Path) -> None:
    inbox = tree / "inbox"
    (inbox / ".draft.txt").write_text("Not yet.\n")
    (inbox / ".git").mkdir()
    (inbox / ".git" / "HEAD").write_text("ref: refs/heads/main\n")

    files, rejected, ignored = _split(list(discover_files([inbox])))

    assert files == [inbox / "day1" / "report.txt"] and rejected == []
    assert sorted((Path(i.path).name, i.reason) for i in ignored) == [
        (".draft.txt", "hidden file"),
        (".git", "hidden folder"),
    ]


def test_undecodable_names_come_back_as_valid_text(tree: Path) -> None:
    inbox = tree / "inbox"
    odd = os.fsdecode(os.fsencode(inbox) + b"/\xff\xfe")
    Path(odd + ".txt").write_text("Troops left the city on Tuesday.\n")
    Path(odd + "-dangling").symlink_to(inbox / "nowhere")
    Path(odd + "-p").symlink_to(tree / "outside" / "secret.txt")
    Path(os.fsdecode(os.fsencode(inbox) + b"/.\xff")).write_text("hidden\n")

    found = list(discover_files([inbox, odd + "-missing"]))

    files, rejected, ignored = _split(found)
    assert Path(odd + ".txt") in files
    assert sorted(r.kind for r in rejected) == ["link", "link_outside", "missing"]
    for record in (*rejected, *ignored):
        record.path.encode("utf-8")  # lone surrogates would raise here, and in DuckDB and Arrow
        assert "\\xff" in record.path
