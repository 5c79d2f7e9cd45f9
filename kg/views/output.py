"""Writing the site: templates, safe JSON, and files rewritten only when their bytes change.

``site-manifest.json`` in the site's folder lists every file the last run wrote with a digest
of its bytes. A rebuild renders every page again but writes only those whose digest changed,
and removes the pages of nodes that are gone: a page whose facts did not change keeps its file
(and its modification time).
"""
from __future__ import annotations

import hashlib
import json
import os
import queue
import re
import threading
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from kg.resources import viz_dir

MANIFEST = "site-manifest.json"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_html(data) -> Markup:
    """JSON that is safe inside <script> and HTML attributes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(re.sub("[<>&'\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text))


def environment(**globals_) -> Environment:
    env = Environment(loader=FileSystemLoader(str(viz_dir() / "templates")), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)  # no stat() per page
    env.filters["json_for_html"] = json_for_html
    env.globals.update(globals_)
    return env


class SiteWriter:
    """Writes files under `root`, skipping those whose bytes are what the last run wrote."""

    def __init__(self, root: Path, env: Environment, before: dict | None = None) -> None:
        self.root, self.env = Path(root), env
        self.root.mkdir(parents=True, exist_ok=True)
        self.before = before if before is not None else self._manifest()
        self.files: dict[str, str] = {}
        self.written = 0
        self._templates: dict = {}
        self._folders: set[Path] = set()
        # files are written by a thread of their own: the system calls let go of the GIL, so the
        # next page renders while the last one is being written
        self._queue: queue.Queue = queue.Queue(maxsize=256)
        self._error: list[BaseException] = []
        self._writer = threading.Thread(target=self._write_all, name="kg-site-writer", daemon=True)
        self._writer.start()

    def _manifest(self) -> dict[str, str]:
        try:
            return json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))["files"]
        except (OSError, ValueError, KeyError, TypeError):
            return {}

    def _write_all(self) -> None:
        while (job := self._queue.get()) is not None:
            target, data = job
            try:
                if target.parent not in self._folders:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    self._folders.add(target.parent)
                target.write_bytes(data)
            except OSError as err:
                self._error.append(err)

    def page(self, path: str, template: str, **ctx) -> Path:
        if template not in self._templates:
            self._templates[template] = self.env.get_template(template)
        root = "../" * path.count("/")
        return self.bytes(path, self._templates[template].render(root=root, **ctx).encode("utf-8"))

    def bytes(self, path: str, data: bytes) -> Path:
        digest = hashlib.blake2b(data, digest_size=12).hexdigest()
        self.files[path] = digest
        target = self.root / path
        if self.before.get(path) != digest or not target.is_file():  # (is_file only when unchanged)
            self._queue.put((target, data))
            self.written += 1
        return target

    def copy_tree(self, source: Path, prefix: str) -> None:
        for path in sorted(source.rglob("*")):
            if path.is_file():
                self.bytes(f"{prefix}/{path.relative_to(source).as_posix()}", path.read_bytes())

    def close(self) -> None:
        """Wait until every file handed over is written."""
        if self._writer.is_alive():
            self._queue.put(None)
            self._writer.join()
        if self._error:
            raise self._error[0]

    def finish(self) -> int:
        """Remove what the last run wrote and this one did not; write the manifest. Returns
        how many files were removed."""
        self.close()
        removed = 0
        for path in sorted(set(self.before) - set(self.files)):
            target = self.root / path
            if target.is_file():
                target.unlink()
                removed += 1
        tmp = self.root / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps({"files": self.files}, sort_keys=True, indent=0), encoding="utf-8")
        os.replace(tmp, self.root / MANIFEST)
        return removed
