"""Reciprocal rank fusion: merge rankings from different retrievers by rank, ignoring their score scales."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def rrf(
    rankings: Sequence[Sequence[tuple[K, float]]], k: int = 60, weights: Sequence[float] | None = None
) -> list[tuple[K, float]]:
    """Fused (id, Σ weight / (k + rank)) best first. Rank is 1-based; only an id's first place in a
    ranking counts. Ties keep the order in which ids were first seen (earlier rankings first)."""
    weights = [1.0] * len(rankings) if weights is None else list(weights)
    if len(weights) != len(rankings):
        raise ValueError(f"rrf: {len(rankings)} rankings but {len(weights)} weights")
    fused: dict[K, float] = {}
    for ranking, weight in zip(rankings, weights):
        seen: set[K] = set()
        for rank, (item, _score) in enumerate(ranking, start=1):
            if item in seen:
                continue
            seen.add(item)
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda kv: -kv[1])
