"""The MR comment goes through the real python-gitlab client to a local server that records it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bluewire.gitlab_note import merge_request_context, upsert_note

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


def test_first_push_creates_the_note_then_later_pushes_edit_it(
    gitlab_server: tuple[FakeGitLab, dict[str, str]],
) -> None:
    fake, context = gitlab_server
    assert upsert_note(context, f"{MARKER}\nplan one", MARKER) == "created"
    assert upsert_note(context, f"{MARKER}\nplan two", MARKER) == "updated"
    methods = [(m, p) for m, p, _ in fake.requests]
    assert ("POST", "/api/v4/projects/42/merge_requests/5/notes") in methods
    assert methods[-1][0] == "PUT" and methods[-1][1].endswith("/merge_requests/5/notes/101")
    bluewire_notes = [n for n in fake.notes if MARKER in n["body"]]
    assert [n["body"] for n in bluewire_notes] == [f"{MARKER}\nplan two"]
    assert fake.notes[0]["body"] == "LGTM"  # other people's notes are never touched


def test_context_only_in_a_merge_request_pipeline() -> None:
    assert merge_request_context({"GITLAB_TOKEN": "x"}) is None
    full = {
        "GITLAB_TOKEN": "t",
        "CI_SERVER_URL": "http://h",
        "CI_PROJECT_ID": "1",
        "CI_MERGE_REQUEST_IID": "2",
    }
    assert merge_request_context(full) == full
