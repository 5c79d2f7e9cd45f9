"""Parameters for the saved queries that hit a synthetic corpus.

The saved queries' defaults name people and bodies of the seed articles (Thái Nguyên), which a
synthetic corpus does not contain: with them, half the parameterised queries answer no rows and
their latency says little. The benchmarks time each query with values taken from the facts the
generator planted (`gold.jsonl`): the values a researcher would ask about most often, so that
the answers are among the largest the corpus gives.

    sample_params(Path("corpus/gold.jsonl")) -> {"career-timeline": {"name": "…"}, …}

A query not listed keeps its defaults (optional parameters stay unbound).
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

SINGLE_HOLDER = ("Bí thư", "Chủ tịch")  # posts one person holds at a time


def _most(counter: Counter) -> str | None:
    """The most frequent value; ties broken by the value, so the choice is reproducible."""
    return min(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))[0] if counter else None


def sample_params(gold: Path) -> dict[str, dict[str, str]]:
    persons, orgs, bodies, numbers = Counter(), Counter(), Counter(), Counter()
    posts: Counter = Counter()
    post_dates: dict[tuple[str, str], list[str]] = {}
    with gold.open(encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            for person in doc.get("persons", []):
                persons[person["name"]] += 1
                for pos in person.get("positions", []):
                    orgs[pos["org"]] += 1
                    if pos["role"] in SINGLE_HOLDER:
                        posts[(pos["role"], pos["org"])] += 1
                        if doc.get("published"):
                            post_dates.setdefault((pos["role"], pos["org"]), []).append(doc["published"])
            for session in doc.get("sessions", []):
                if session.get("term"):
                    bodies[(session["body"], session["term"])] += 1
            for cited in doc.get("documents", []):
                if cited.get("number"):
                    numbers[cited["number"]] += 1
    out: dict[str, dict[str, str]] = {}
    name = _most(persons)
    if name:
        for query in ("career-timeline", "co-attendees", "person-career"):
            out[query] = {"name": name}
    body = _most(bodies)
    if body:
        out["body-sessions"] = {"body": body[0], "term": body[1]}
    number = _most(numbers)
    if number:
        out["citing-documents"] = {"number": number}
    org = _most(orgs)
    if org:
        out["persons-by-organization"] = {"organization": org}
    dated = Counter({post: n for post, n in posts.items() if post in post_dates})
    post = _most(dated)
    if post:
        dates = sorted(post_dates[post])
        middle = dates[len(dates) // 2]
        for query in ("holder-on-date", "post-holders"):
            out[query] = {"role": post[0], "organization": post[1], "date": middle}
    return out


if __name__ == "__main__":  # print them: python benchmarks/sample_params.py corpus/gold.jsonl
    import sys

    for query, params in sorted(sample_params(Path(sys.argv[1])).items()):
        print(query, " ".join(f"--param {k}={v!r}" for k, v in params.items()))
