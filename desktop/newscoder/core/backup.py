"""Rolling automatic backups of project files.

Backups are whole copies made with SQLite's online backup API (consistent even
while the project is open elsewhere), kept per project under
``paths.backups_dir()/<project uuid>/<stem>-<UTC stamp>.newscoder``. An
``index.json`` in that folder remembers, per project *file* (copies of one
file share its UUID but keep separate histories), the fingerprint of its
content at its last backup and which file each backup was taken from, so
:func:`maybe_backup_on_open` writes a new backup only when that file changed.
The fingerprint is a hash over every row of every table: any change at all
makes a new backup. The newest N per file are kept (setting ``backup_keep``,
default 10). The WAL is checkpointed before each backup.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newscoder.core import inuse, paths, projectfile, settings, store_backup
from newscoder.core.errors import ProjectOpenError, UserError
from newscoder.core.exchange import readonly
from newscoder.core.store import Project
from newscoder.core.timeutil import now_utc

DEFAULT_KEEP = 10
KEEP_SETTING = "backup_keep"
INDEX_NAME = "index.json"
SUFFIX = paths.PROJECT_SUFFIX
_NAME_RE = re.compile(r"^(?P<stem>.*)-(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<seq>\d+))?" + re.escape(SUFFIX) + "$")

@dataclass(frozen=True)
class BackupInfo:
    """One backup file; ``created_at`` is a project timestamp (UTC)."""

    path: Path
    created_at: str
    size: int
    source: str = ""  #: the project file it was taken from ("" if not recorded)


# -- where backups live -----------------------------------------------------------
def keep_count() -> int:
    """How many backups to keep per project (setting ``backup_keep``, at least 1)."""
    value = settings.get(KEEP_SETTING, DEFAULT_KEEP)
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return DEFAULT_KEEP


def _folder_key(project_uuid: str, project_path: Path) -> str:
    if project_uuid:
        return project_uuid
    return "path-" + hashlib.sha256(str(project_path.resolve()).encode()).hexdigest()[:16]


def project_backup_dir(project: Project) -> Path:
    return paths.backups_dir() / _folder_key(project.uuid, project.path)


def _read_index(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / INDEX_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _mapping(index: dict[str, Any], key: str) -> dict[str, Any]:
    """``index[key]`` if it is a JSON object, else a new empty one (a damaged index is not fatal)."""
    value = index.get(key)
    return value if isinstance(value, dict) else {}


def _write_index(folder: Path, data: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{INDEX_NAME}.{uuid.uuid4().hex[:8]}.tmp"
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, folder / INDEX_NAME)


def fingerprint(project: Project) -> str:
    """A digest over every row of every table (and the schema version): any change shows."""
    return store_backup.fingerprint(project)


def _source_key(project_path: Path) -> str:
    return str(Path(project_path).resolve())


# -- making and listing backups ---------------------------------------------------
def _stamp() -> str:
    return now_utc().replace("-", "").replace(":", "")


def _new_backup_path(folder: Path, stem: str) -> Path:
    """A name that sorts after every backup already there (several may share a second)."""
    stamp = _stamp()
    seq = 0
    if folder.is_dir():
        for path in folder.glob(f"*-{stamp}*{SUFFIX}"):
            found = _sort_key(path)
            if found[0] == stamp:
                seq = max(seq, found[1])
    if seq == 0:
        return folder / f"{stem}-{stamp}{SUFFIX}"
    candidate = folder / f"{stem}-{stamp}-{seq + 1}{SUFFIX}"
    while candidate.exists():
        seq += 1
        candidate = folder / f"{stem}-{stamp}-{seq + 1}{SUFFIX}"
    return candidate


def _sort_key(path: Path) -> tuple[str, int, str]:
    match = _NAME_RE.match(path.name)
    if match is None:
        return ("", 0, path.name)
    return (match["stamp"], int(match["seq"] or 1), path.name)


def _stamp_to_timestamp(stamp: str) -> str:
    return f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]}Z"


def _backups_in(folder: Path) -> list[BackupInfo]:
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"*{SUFFIX}") if _NAME_RE.match(p.name)]
    found.sort(key=_sort_key, reverse=True)
    index = _read_index(folder)
    sources = _mapping(index, "backups")
    legacy = str(index.get("project_path") or "")
    infos = []
    for path in found:
        with contextlib.suppress(OSError):
            source = str(sources.get(path.name) or legacy)
            infos.append(BackupInfo(path, _stamp_to_timestamp(_sort_key(path)[0]), path.stat().st_size, source))
    return infos


def _prune(folder: Path, keep: int, source: str) -> None:
    """Keep the newest ``keep`` backups taken from ``source`` (other files' backups are theirs)."""
    mine = [info for info in _backups_in(folder) if info.source == source]
    for info in mine[keep:]:
        with contextlib.suppress(OSError):
            info.path.unlink()


def _write_backup(project: Project, target: Path) -> None:
    """SQLite's online backup into a temporary file beside ``target``, fsync'ed and renamed.

    Whatever fails, no ``.partial`` file (or its journal) is left behind.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        store_backup.copy_to(project, tmp)
        with tmp.open("rb+") as fh:  # our temporary file, never the project
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-journal", "-wal", "-shm"))):
            with contextlib.suppress(OSError):
                leftover.unlink()


def create_backup(project: Project, *, fingerprint_value: str | None = None) -> Path:
    """Write a backup of ``project`` now (WAL checkpointed first); keep the newest :func:`keep_count` of this file."""
    from newscoder.core.exchange.checkpoint import checkpoint

    checkpoint(project)
    folder = project_backup_dir(project)
    target = _new_backup_path(folder, project.path.stem or "project")
    try:
        with projectfile.sqlite_errors(target):
            _write_backup(project, target)
    except OSError as exc:
        raise UserError(f"cannot write a backup to {folder}: {exc.strerror or exc}") from exc
    source = _source_key(project.path)
    index = _read_index(folder)
    sources = _mapping(index, "sources")
    backups = _mapping(index, "backups")
    legacy = index.get("project_path")
    if legacy and "fingerprint" in index and legacy not in sources:  # an index written before per-file histories
        sources[legacy] = {"fingerprint": index.pop("fingerprint")}
    index.pop("fingerprint", None)
    stamp = now_utc()
    sources[source] = {
        "fingerprint": fingerprint_value or fingerprint(project), "last_backup": target.name, "last_backup_at": stamp,
    }
    backups[target.name] = source
    index.update(
        project_path=source, project_name=project.name, project_uuid=project.uuid, sources=sources,
        last_backup=target.name, last_backup_at=stamp,
    )
    alive = {p.name for p in folder.glob(f"*{SUFFIX}")}
    index["backups"] = {name: src for name, src in backups.items() if name in alive}
    _write_index(folder, index)
    _prune(folder, keep_count(), source)
    return target


def maybe_backup_on_open(project: Project) -> Path | None:
    """Back the project file up if it changed since its last backup; return the new backup.

    Call it after the window is shown, and from every CLI command that writes
    (before it writes).
    """
    folder = project_backup_dir(project)
    current = fingerprint(project)
    source = _source_key(project.path)
    index = _read_index(folder)
    known = (index.get("sources") or {}).get(source, {}) if isinstance(index.get("sources"), dict) else {}
    last = known.get("fingerprint") if isinstance(known, dict) else None
    if last is None and index.get("project_path") == source:
        last = index.get("fingerprint")
    if last == current and any(info.source == source for info in _backups_in(folder)):
        return None
    return create_backup(project, fingerprint_value=current)


def _uuid_of_file(path: Path) -> str | None:
    try:
        return readonly.read_consistently(path, store_backup.file_uuid)
    except (sqlite3.Error, OSError):
        return None


def backup_folder_for(project_path_or_uuid: str | Path) -> Path | None:
    """The backup folder of a project given by path (even a damaged one) or uuid."""
    root = paths.backups_dir()
    text = str(project_path_or_uuid)
    with contextlib.suppress(ValueError):
        uuid.UUID(text)
        if (root / text).is_dir() or not Path(text).exists():
            return root / text
    path = Path(project_path_or_uuid).expanduser()
    resolved = str(path.resolve())
    if root.is_dir():
        for folder in sorted(root.iterdir()):
            if not folder.is_dir():
                continue
            index = _read_index(folder)
            sources = _mapping(index, "sources")
            if index.get("project_path") == resolved or resolved in sources:
                return folder
    project_uuid = _uuid_of_file(path) if path.is_file() else None
    if project_uuid:
        return root / project_uuid
    return None


def list_backups(project_path_or_uuid: str | Path) -> list[BackupInfo]:
    """The project's backups, newest first."""
    folder = backup_folder_for(project_path_or_uuid)
    return _backups_in(folder) if folder is not None else []


# -- restoring --------------------------------------------------------------------
def validate_backup(backup_path: Path) -> str:
    """Check that ``backup_path`` is a sound Newscoder project; return its uuid."""
    if not backup_path.exists():
        raise UserError(f"no backup at {backup_path}")
    projectfile.check_project_file(backup_path)

    def read(conn: sqlite3.Connection) -> str | None:
        projectfile.verified_version(conn, backup_path)  # exact schema and sane data, as on open
        return store_backup.file_uuid(conn)

    try:
        found = readonly.read_consistently(backup_path, read)
    except sqlite3.Error as exc:
        raise ProjectOpenError(f"{backup_path}: not a usable Newscoder backup ({exc})") from exc
    return found if found is not None else ""


def _copy_database(source: Path, target: Path) -> None:
    def copy(src: sqlite3.Connection) -> None:
        dest = sqlite3.connect(str(target))
        try:
            src.backup(dest)
        finally:
            dest.close()

    readonly.read_consistently(source, copy)
    with target.open("rb+") as fh:
        os.fsync(fh.fileno())


def _save_damaged(project_path: Path, folder: Path) -> Path:
    """Keep the raw bytes of a project that cannot be opened (never deleted by pruning)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{project_path.stem}-{_stamp()}-{uuid.uuid4().hex[:6]}.damaged"
    target.write_bytes(project_path.read_bytes())
    wal = project_path.with_name(project_path.name + "-wal")
    if wal.exists():
        target.with_name(target.name + "-wal").write_bytes(wal.read_bytes())
    return target


def restore_backup(project_path: str | Path, backup_path: str | Path) -> Path | None:
    """Replace the project at ``project_path`` by ``backup_path``.

    The backup is validated first; the current state is then backed up (or,
    if it cannot be opened, its raw bytes kept), and the file is replaced
    atomically. Refused (:class:`~newscoder.core.inuse.ProjectInUseError`) while the
    project is open anywhere, in this process or another. Returns the
    backup of the state before the restore, if there was one.
    """
    project_path = Path(project_path)
    backup_path = Path(backup_path)
    from newscoder.core.inputs import not_regular_reason, shown

    if project_path.exists() and not_regular_reason(project_path) is not None:
        raise UserError(f"{shown(project_path)}: {not_regular_reason(project_path)}; nothing was restored")
    backup_uuid = validate_backup(backup_path)
    if project_path.exists() and project_path.resolve() == backup_path.resolve():
        raise UserError(f"{backup_path}: this is the project itself, not a backup")
    if not project_path.parent.is_dir():
        raise UserError(f"cannot restore to {project_path}: the folder does not exist")
    # Refused while the project is open anywhere (a window, a command); nobody opens it meanwhile.
    with inuse.exclusive(project_path, "restore a backup"):
        return _replace_with(project_path, backup_path, backup_uuid)


def _replace_with(project_path: Path, backup_path: Path, backup_uuid: str) -> Path | None:
    tmp = project_path.with_name(f".{project_path.name}.{uuid.uuid4().hex[:8]}.restoring")
    try:
        _copy_database(backup_path, tmp)
    except (OSError, sqlite3.Error) as exc:
        _remove_temp(tmp)
        raise UserError(f"cannot restore to {project_path}: {exc}") from exc
    try:
        before = _backup_current(project_path, backup_uuid)
        for suffix in ("-wal", "-shm", "-journal"):
            project_path.with_name(project_path.name + suffix).unlink(missing_ok=True)
        os.replace(tmp, project_path)
    except BaseException:
        _remove_temp(tmp)
        raise
    return before


def _remove_temp(tmp: Path) -> None:
    for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-journal", "-wal", "-shm"))):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _backup_current(project_path: Path, backup_uuid: str) -> Path | None:
    if not project_path.exists():
        return None
    try:
        project = Project.open(project_path)
    except ProjectOpenError:
        folder = paths.backups_dir() / _folder_key(backup_uuid, project_path)
        return _save_damaged(project_path, folder)
    try:
        return create_backup(project)
    finally:
        project.close()
