#!/usr/bin/env python3
"""Writes a lint-clean rules file of a given number of lines (default 10,000): the canonical
rules/council-monthly.kpirules followed by generated lets, checks, flags (with interpolated messages),
computed columns and comments. Used to measure lint speed by hand (performance.md B6), e.g.

    tests/language/make_large_rules.py > /tmp/large.kpirules
    time build-c/src/runner/kpirules lint /tmp/large.kpirules
"""
import pathlib
import sys

lines_wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
root = pathlib.Path(__file__).resolve().parents[2]
head = (root / "rules" / "council-monthly.kpirules").read_text(encoding="utf-8")
out = [head]
count = head.count("\n")
i = 0
while count < lines_wanted:
    i += 1
    kind = i % 5
    ref = i - 2 if i > 2 else 5
    if kind == 0:
        out.append(f"let extra{i} = shortfall(actual, target, polarity)[now] * {i % 7 + 1} + abs(annual - baseline) / 100\n")
    elif kind == 1:
        out.append(f'check C{i} "Check number {i}" requires words(title) >= 3 and annual > {i}\n')
    elif kind == 2:
        out.append(f'flag low "Message {i}: {{extra{ref}}}" when extra{ref} > {i}% and any(actual > target) notify owner\n')
    elif kind == 3:
        out.append(f'write "Column {i}" = if(status[now] = red, "Red {i}", lower(title) & " ok")\n')
    else:
        out.append(f"# a comment line number {i}\n")
    count += 1
sys.stdout.write("".join(out))
