"""Alignment: one-to-one matching of predicted and gold records within an article (exact for small
articles, greedy beyond ``EXACT_ALIGN_MAX`` gold records), and maximum bipartite matching of values."""

from __future__ import annotations

from collections.abc import Sequence

EXACT_ALIGN_MAX = 12


def _max_matching(edges: Sequence[Sequence[int]], n_right: int) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn); ``edges[i]`` lists right nodes in order of preference."""
    owner = [-1] * n_right

    def augment(u: int, seen: set[int]) -> bool:
        for v in edges[u]:
            if v in seen:
                continue
            seen.add(v)
            if owner[v] == -1 or augment(owner[v], seen):
                owner[v] = u
                return True
        return False

    for u in range(len(edges)):
        augment(u, set())
    return {u: v for v, u in enumerate(owner) if u != -1}


# --------------------------------------------------------------------------- alignment


Score3 = tuple[int, int, int]


def _add3(a: Score3, b: Score3) -> Score3:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _align(weights: list[list[Score3 | None]], n_gold: int) -> list[tuple[int, int]]:
    """One-to-one alignment maximising the summed (TP, pairs, errors saved) lexicographically."""
    n_pred = len(weights)
    if n_gold <= EXACT_ALIGN_MAX:
        memo: dict[tuple[int, int], tuple[Score3, tuple[tuple[int, int], ...]]] = {}

        def best(i: int, used: int) -> tuple[Score3, tuple[tuple[int, int], ...]]:
            if i == n_pred:
                return (0, 0, 0), ()
            key = (i, used)
            if key in memo:
                return memo[key]
            result = best(i + 1, used)
            for j in range(n_gold):
                w = weights[i][j]
                if w is None or used & (1 << j):
                    continue
                sub, pairs = best(i + 1, used | (1 << j))
                cand = (_add3(w, sub), ((i, j), *pairs))
                if cand[0] > result[0]:
                    result = cand
            memo[key] = result
            return result

        return list(best(0, 0)[1])
    options = sorted(
        ((w, i, j) for i, row in enumerate(weights) for j, w in enumerate(row) if w is not None),
        key=lambda t: (-t[0][0], -t[0][2], t[1], t[2]),
    )
    taken_p: set[int] = set()
    taken_g: set[int] = set()
    out = []
    for _, i, j in options:
        if i not in taken_p and j not in taken_g:
            taken_p.add(i)
            taken_g.add(j)
            out.append((i, j))
    return sorted(out)
