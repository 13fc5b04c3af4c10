"""The MR comment goes through the real python-gitlab client to a local server that records it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bluewire.gitlab_note import SUPERSEDED, merge_request_context, publish_note

MARKER = "<!-- bluewire-plan -->"


class FakeGitLab:
    """Just enough of the GitLab v4 notes API, recording every request."""

    def __init__(self) -> None:
        self.notes: list[dict[str, Any]] = [{"id": 7, "body": "LGTM", "system": False}]
        self.requests: list[tuple[str, str, dict[str, Any]]] = []

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _reply(self, code: int, payload: Any) -> None:
                body = json.dumps(payload).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _body(self) -> dict[str, Any]:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b"{}"
                return dict(json.loads(raw or b"{}"))

            def do_GET(self) -> None:
                fake.requests.append(("GET", self.path, {}))
                self._reply(200, fake.notes)

            def do_POST(self) -> None:
                body = self._body()
                fake.requests.append(("POST", self.path, body))
                note = {"id": 100 + len(fake.notes), "body": body["body"], "system": False}
                fake.notes.append(note)
                self._reply(201, note)

            def do_PUT(self) -> None:
                body = self._body()
                fake.requests.append(("PUT", self.path, body))
                note_id = int(self.path.rstrip("/").split("/")[-1])
                note = next(n for n in fake.notes if n["id"] == note_id)
                note["body"] = body["body"]
                self._reply(200, note)

            def log_message(self, *_: Any) -> None:
                return

        return Handler


@pytest.fixture
def gitlab_server() -> Iterator[tuple[FakeGitLab, dict[str, str]]]:
    fake = FakeGitLab()
    server = ThreadingHTTPServer(("127.0.0.1", 0), fake.handler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = {
        "GITLAB_TOKEN": "glpat-test",
        "CI_SERVER_URL": f"http://127.0.0.1:{server.server_port}",
        "CI_PROJECT_ID": "42",
        "CI_MERGE_REQUEST_IID": "5",
    }
    yield fake, context
    server.shutdown()


def _body(key: str, text: str) -> str:
    return f"{MARKER}\n<!-- bluewire-plan-key: {key} -->\n{text}"


def test_a_changed_plan_is_a_new_note_and_earlier_ones_are_folded(
    gitlab_server: tuple[FakeGitLab, dict[str, str]],
) -> None:
    fake, context = gitlab_server
    assert publish_note(context, _body("k1", "plan one"), MARKER) == "posted"
    assert publish_note(context, _body("k2", "plan two"), MARKER).startswith("posted; 1 earlier")
    posts = [p for m, p, _ in fake.requests if m == "POST"]
    assert posts == ["/api/v4/projects/42/merge_requests/5/notes"] * 2
    current = [n for n in fake.notes if MARKER in n["body"]]
    assert [n["body"] for n in current] == [_body("k2", "plan two")]
    folded = next(n for n in fake.notes if SUPERSEDED in n["body"])
    assert "<details>" in folded["body"] and "plan one" in folded["body"]
    assert fake.notes[0]["body"] == "LGTM"  # other people's notes are never touched
    assert publish_note(context, _body("k3", "plan three"), MARKER).startswith("posted; 1 earlier")
    assert sum(SUPERSEDED in n["body"] for n in fake.notes) == 2  # folded once each, not twice


def test_an_unchanged_plan_refreshes_the_latest_note_without_a_new_one(
    gitlab_server: tuple[FakeGitLab, dict[str, str]],
) -> None:
    fake, context = gitlab_server
    publish_note(context, _body("same", "made from commit a"), MARKER)
    assert publish_note(context, _body("same", "made from commit b"), MARKER).startswith(
        "refreshed"
    )
    assert [m for m, _, _ in fake.requests if m != "GET"] == ["POST", "PUT"]
    assert [n["body"] for n in fake.notes if MARKER in n["body"]] == [
        _body("same", "made from commit b")
    ]


def test_context_only_in_a_merge_request_pipeline() -> None:
    assert merge_request_context({"GITLAB_TOKEN": "x"}) is None
    full = {
        "GITLAB_TOKEN": "t",
        "CI_SERVER_URL": "http://h",
        "CI_PROJECT_ID": "1",
        "CI_MERGE_REQUEST_IID": "2",
    }
    assert merge_request_context(full) == full
