"""Matching benchmark: build a Matcher over 50,000 synthetic aliases and measure how fast it scans briefs.

Run: .venv/bin/python bench/matching.py [--aliases N] [--briefs N] [--rounds N] [--seed S]

Pure `briefings.services.matching.Matcher`: no database, no Django settings. The registry mixes the
shapes real names have (multi-word names with "al-" particles and apostrophes, diacritics, dotted
and plain acronyms); the briefs are ~2.5 KB of report-like sentences with a dozen registered names
each, written in the variants matching must absorb (case, hyphen/space, curly apostrophes,
possessives, dotted acronyms). Timings are medians over several rounds.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefings.services.matching import Matcher, normalize

SYLLABLES = ["al", "ba", "kar", "mu", "ras", "tin", "zou", "han", "dar", "qa", "sha", "mir", "ko", "lev", "ny", "an"]
ACCENTED = {"a": "á", "e": "é", "o": "ö", "u": "ü", "i": "í"}
PARTICLES = ["al-", "el-", "Abu ", "Bin ", "Tel ", "Kafr ", "Wadi "]
KINDS = ["Brigade", "Front", "Movement", "Council", "Forces", "Army", "Agency", "Province", "Battalion", "Party"]
FILLER = (
    "Local sources said fighting resumed overnight near the main road. "
    "Officials declined to comment on the reports. "
    "Residents described heavy shelling and displacement towards the border. "
    "The statement could not be independently verified. "
    "Aid convoys were delayed at two checkpoints, according to humanitarian workers. "
)


def make_word(rng: random.Random) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
    if rng.random() < 0.15:
        position = rng.randrange(1, len(word))
        word = f"{word[:position]}'{word[position:]}"
    if rng.random() < 0.15:
        word = "".join(ACCENTED.get(character, character) if rng.random() < 0.3 else character for character in word)
    return word.capitalize()


def make_name(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.3:  # places: "al-Kharmu", "Wadi Rasdar"
        return rng.choice(PARTICLES) + make_word(rng)
    if shape < 0.6:  # people: "Mirko Abu Tinzou"
        return f"{make_word(rng)} {rng.choice(PARTICLES)}{make_word(rng)}"
    if shape < 0.9:  # organizations: "Hankar Qasha Front"
        return " ".join(make_word(rng) for _ in range(rng.randint(1, 3))) + f" {rng.choice(KINDS)}"
    return "".join(rng.choice("ABCDEFGHIKLMNPRSTUVWZ") for _ in range(rng.randint(3, 5)))  # acronyms


def build_registry(*, aliases: int, rng: random.Random) -> list[tuple[tuple[str, int], list[str]]]:
    """`aliases` distinct normalized names, grouped 1-4 per key like actors and locations with aliases."""
    seen: set[str] = set()
    entries: list[tuple[tuple[str, int], list[str]]] = []
    names: list[str] = []
    while len(seen) < aliases:
        name = make_name(rng)
        key = normalize(name)
        if key and key not in seen:
            seen.add(key)
            names.append(name)
    position = 0
    while position < len(names):
        size = rng.randint(1, 4)
        entries.append((("actor" if len(entries) % 2 else "location", len(entries)), names[position : position + size]))
        position += size
    return entries


def variant(name: str, rng: random.Random) -> str:
    """How a brief might write a registered name."""
    if name.isupper() and rng.random() < 0.5:
        return ".".join(name) + "."  # dotted acronym
    choice = rng.random()
    if choice < 0.2:
        return name.replace("-", " ")
    if choice < 0.35:
        return name.replace("'", "\u2019")
    if choice < 0.5:
        return name + "\u2019s"
    if choice < 0.6 and not name.isupper():
        return name.upper()
    return name


def build_briefs(*, registry, count: int, rng: random.Random) -> list[str]:
    names = [name for _, entry_names in registry for name in entry_names]
    sentences = [sentence.strip() + "." for sentence in FILLER.split(".") if sentence.strip()]
    briefs = []
    for _ in range(count):
        parts = []
        while sum(len(part) for part in parts) < 2500:
            sentence = rng.choice(sentences)
            if rng.random() < 0.6:
                mention = variant(rng.choice(names), rng)
                sentence = f"{sentence[:-1]}, near {mention}, {rng.choice(['officials said', 'reports say'])}."
            parts.append(sentence)
        briefs.append(" ".join(parts))
    return briefs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aliases", type=int, default=50_000)
    parser.add_argument("--briefs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=5)
    options = parser.parse_args()
    rng = random.Random(options.seed)

    registry = build_registry(aliases=options.aliases, rng=rng)
    build_seconds = []
    for _ in range(max(1, options.rounds // 2)):
        started = time.perf_counter()
        matcher = Matcher(registry)
        build_seconds.append(time.perf_counter() - started)

    briefs = build_briefs(registry=registry, count=options.briefs, rng=rng)
    megabytes = sum(len(brief.encode()) for brief in briefs) / 1_000_000
    scan_seconds = []
    matches = 0
    for _ in range(options.rounds):
        started = time.perf_counter()
        matches = sum(len(matcher.find(brief)) for brief in briefs)
        scan_seconds.append(time.perf_counter() - started)
    scan = statistics.median(scan_seconds)

    rows = [
        ("registry", f"{options.aliases:,} aliases, {len(registry):,} keys, {matcher.pattern_count:,} patterns"),
        ("build (median)", f"{statistics.median(build_seconds):.2f} s"),
        ("briefs scanned", f"{len(briefs)} x {megabytes * 1_000_000 / len(briefs) / 1000:.1f} KB, {matches:,} matches"),
        ("scan (median)", f"{scan * 1000:.1f} ms over {options.rounds} rounds"),
        ("throughput", f"{len(briefs) / scan:,.0f} briefs/s, {megabytes / scan:.2f} MB/s"),
        ("latency per brief", f"{scan / len(briefs) * 1000:.2f} ms"),
    ]
    width = max(len(label) for label, _ in rows)
    print("Matching benchmark (briefings.services.matching.Matcher)")
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")


if __name__ == "__main__":
    main()
