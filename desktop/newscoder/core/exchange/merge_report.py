"""What a merge did (or, in a dry run, would do): counts per coder and the lines shown to the user."""

from __future__ import annotations

from dataclasses import dataclass, field

from newscoder.core.gold.merge import GoldTally


@dataclass
class CoderTally:
    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    kept_ours: int = 0
    conflicts: int = 0
    statuses_added: int = 0
    statuses_updated: int = 0

    def changed(self) -> bool:
        return bool(self.added or self.updated or self.deleted or self.statuses_added or self.statuses_updated)


@dataclass
class MergeReport:
    """What a merge did (or, in a dry run, would do)."""

    source: str
    dry_run: bool = False
    documents_added: list[str] = field(default_factory=list)
    documents_matched: int = 0
    codes_added: list[str] = field(default_factory=list)
    coders_added: list[str] = field(default_factory=list)
    sources_added: list[str] = field(default_factory=list)
    variables_added: list[str] = field(default_factory=list)
    #: "title: name = value" for each value added to an article both projects hold (merge_values)
    values_added: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    by_coder: dict[str, CoderTally] = field(default_factory=dict)
    gold: GoldTally | None = None

    def tally(self, coder: str) -> CoderTally:
        return self.by_coder.setdefault(coder, CoderTally())

    @property
    def changed(self) -> bool:
        return bool(self.documents_added or self.codes_added or self.coders_added or self.sources_added
                    or self.variables_added or self.values_added) or any(
            t.changed() for t in self.by_coder.values()
        ) or bool(self.gold and self.gold.changed())

    def lines(self) -> list[str]:
        head = "Would merge" if self.dry_run else "Merged"
        out = [f"{head} {self.source}:"]
        out.append(f"  articles: {len(self.documents_added)} added, {self.documents_matched} already here")
        for title in self.documents_added:
            out.append(f"    + {title}")
        if self.codes_added:
            out.append(f"  codes added: {', '.join(self.codes_added)}")
        if self.coders_added:
            out.append(f"  coders added: {', '.join(self.coders_added)}")
        if self.sources_added:
            out.append(f"  sources added: {', '.join(self.sources_added)}")
        if self.variables_added:
            out.append(f"  variables added: {', '.join(self.variables_added)}")
        if self.values_added:
            out.append(f"  variable values added to articles both hold: {len(self.values_added)}")
            out += [f"    + {v}" for v in self.values_added]
        for coder in sorted(self.by_coder, key=str.casefold):
            t = self.by_coder[coder]
            out.append(
                f"  {coder}: segments {t.added} added, {t.updated} updated, {t.deleted} deleted, "
                f"{t.unchanged} unchanged, {t.kept_ours} kept ours (newer), {t.conflicts} in conflict; "
                f"statuses {t.statuses_added} added, {t.statuses_updated} updated"
            )
        if self.gold is not None:
            out.append(self.gold.line())
        out += [f"  conflict: {c}" for c in self.conflicts]
        out += [f"  note: {n}" for n in self.notes]
        out += [f"  skipped: {s}" for s in self.skipped]
        if not self.changed:
            out.append("  nothing to change")
        return out
