"""Demo coding for the first-run sample project: two demo coders' work on the sample articles,
so that a newcomer sees a filled comparison (Analysis ▸ Compare outlets) at once.

Everything here is labelled as demo data: the coders are "Demo coder A" and "Demo coder B",
each segment's memo says so, and the project's ``demo_note`` meta is shown by the window.
Spans are found by their exact words in the article (the first occurrence).
"""

from __future__ import annotations

from newscoder.core import edits
from newscoder.core.store import Project

CODERS = ("Demo coder A", "Demo coder B")
MEMO = "Demo data: coded for the sample project, not by a person."
NOTE = ("Demo data: the sample project comes with the work of two demo coders (Demo coder A and "
        "Demo coder B) so that the comparison and agreement windows have something to show. Your own "
        "coding is kept apart under your name.")

#: (article seed, code, coder A's words, coder B's words); None: that coder did not code it
DEMO: tuple[tuple[str, str, str | None, str | None], ...] = (
    # AFP
    ("004_55bce36a464c4aa4.txt", "estimate", "up to 8,000 North Korean troops", "up to 8,000 North Korean troops"),
    ("004_55bce36a464c4aa4.txt", "estimate", "some 8,000 of the 10,000 North Korean troops",
     "10,000 North Korean troops"),
    ("004_55bce36a464c4aa4.txt", "claim", "Russia has been training North Korean troops to handle artillery and "
     "drones and to clear trenches", "Russia has been training North Korean troops to handle artillery and drones "
     "and to clear trenches"),
    ("004_55bce36a464c4aa4.txt", "condemnation", "just underscores how badly Putin’s war has gone",
     "just underscores how badly Putin’s war has gone"),
    ("004_55bce36a464c4aa4.txt", "denial", "North Korea has denied sending troops to Russia",
     "North Korea has denied sending troops to Russia"),
    ("004_55bce36a464c4aa4.txt", "condemnation", "they would make themselves legitimate military targets", None),
    ("004_55bce36a464c4aa4.txt", "claim", "Citing US intelligence, Secretary of State Antony Blinken stated that some "
     "8,000 of the 10,000 North Korean troops believed to be in Russia have made their way to the Kursk border "
     "region.", "Blinken stated that some 8,000 of the 10,000 North Korean troops believed to be in Russia have made "
     "their way to the Kursk border region"),
    # VOA
    ("000_69107ba93e1b296a.txt", "estimate", "some 10,000 North Korean soldiers in total in Russia",
     "some 10,000 North Korean soldiers in total in Russia"),
    ("000_69107ba93e1b296a.txt", "estimate", "as many as 8,000 of those North Korean forces have been deployed to "
     "the Kursk region", "as many as 8,000"),
    ("000_69107ba93e1b296a.txt", "claim", "Most of the North Korean troops sent to Russia are now deployed near the "
     "Ukrainian border", "Most of the North Korean troops sent to Russia are now deployed near the Ukrainian border"),
    ("000_69107ba93e1b296a.txt", "claim", "the most recent information indicates that as many as 8,000 of those "
     "North Korean forces have been deployed to the Kursk region", None),
    ("000_69107ba93e1b296a.txt", "condemnation", "It prompted swift condemnation from South Korea, Japan and the "
     "United States", "It prompted swift condemnation from South Korea, Japan and the United States"),
    ("000_69107ba93e1b296a.txt", "estimate", "The Russians are running 1,200 casualties a day",
     "The Russians are running 1,200 casualties a day"),
    # no outlet named
    ("001_fd3c709fe9074a4c.txt", "estimate", "Approximately 8,000 North Korean troops",
     "Approximately 8,000 North Korean troops"),
    ("001_fd3c709fe9074a4c.txt", "estimate", "around 10,000 North Korean soldiers are currently in Russia",
     "around 10,000 North Korean soldiers are currently in Russia"),
    ("001_fd3c709fe9074a4c.txt", "estimate", "slightly higher at around 11,000", None),
    ("001_fd3c709fe9074a4c.txt", "estimate", "as high as 12,000", "as high as 12,000"),
    ("001_fd3c709fe9074a4c.txt", "condemnation", "South Korean Foreign Minister Cho Tae-yul strongly condemned North "
     "Korea’s deployment of troops to Russia", "South Korean Foreign Minister Cho Tae-yul strongly condemned North "
     "Korea’s deployment of troops to Russia"),
    ("001_fd3c709fe9074a4c.txt", "condemnation", "they will become legitimate military targets", None),
    ("001_fd3c709fe9074a4c.txt", "claim", None, "they will become legitimate military targets"),
    ("002_094693770a6d5a6a.txt", "estimate", "as many as 8,000 North Korean soldiers",
     "as many as 8,000 North Korean soldiers"),
    ("002_094693770a6d5a6a.txt", "claim", "He said Russia has been training these soldiers to use artillery, "
     "unmanned aerial vehicles, and infantry operations such as trench clearing.", "Russia has been training these "
     "soldiers to use artillery, unmanned aerial vehicles, and infantry operations such as trench clearing"),
    ("002_094693770a6d5a6a.txt", "condemnation", "they would make themselves legitimate military targets",
     "they would make themselves legitimate military targets"),
    ("002_094693770a6d5a6a.txt", "claim", "US Defense Secretary Lloyd Austin added at the conference that the North "
     "Korean soldiers were being equipped with Russian uniforms and gear.", None),
    ("003_f849b6cfeae00e11.txt", "estimate", "at least 3,000 soldiers", "at least 3,000 soldiers"),
    ("003_f849b6cfeae00e11.txt", "denial", "The Kremlin has previously dismissed South Korean claims about troop "
     "deployment as “fake news,”", "dismissed South Korean claims about troop deployment as “fake news,”"),
    ("003_f849b6cfeae00e11.txt", "denial", "described them as “groundless rumors”",
     "described them as “groundless rumors”"),
    ("003_f849b6cfeae00e11.txt", "claim", "There is evidence that there are DPRK troops in Russia",
     "There is evidence that there are DPRK troops in Russia"),
    ("003_f849b6cfeae00e11.txt", "condemnation", "they would be considered legitimate targets",
     "they would be considered legitimate targets"),
)


def add_demo_coding(project: Project) -> int:
    """Code the sample articles as the two demo coders (one edit per segment); how many segments.

    An article or phrase that is not there (an edited sample) is skipped, never guessed.
    """
    from newscoder.core import demo_attributes

    by_seed = {d.metadata.get("seed"): d for d in project.documents()}
    coders = [project.ensure_coder(name) for name in CODERS]
    source_ids = demo_attributes.source_ids(project)  # who said it, and each estimate's number (the comparison)
    added = 0
    for index, (seed, code_name, *phrases) in enumerate(DEMO):
        doc = by_seed.get(seed)
        code = project.code_by_name(code_name)
        if doc is None or code is None:
            continue
        text = project.document_text(doc.id)
        for k, (coder, phrase) in enumerate(zip(coders, phrases, strict=True)):
            if phrase is None or phrase not in text:
                continue
            start = text.index(phrase)
            changes = edits.apply(project, edits.add_segment(project, doc.id, code.id, coder.id, start,
                                                             start + len(phrase), memo=MEMO))
            demo_attributes.apply(project, next(iter(changes.added_segments)), demo_attributes.values_for(
                index, k, code_name, text, start, start + len(phrase), source_ids))
            added += 1
    project.set_meta("demo_note", NOTE)
    return added
