"""Sharding: which seams one of ``n`` CI machines runs (``seamguard check --shard i/n``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from seamguard.config import Config
    from seamguard.contracts import ContractRegistry

__all__ = ["shard_filter"]


def shard_filter(
    registry: ContractRegistry, config: Config, shard: tuple[int, int] | None
) -> Callable[[str], bool]:
    """Whether a seam belongs to this shard: every seam (and its every check) goes to
    exactly one of the ``n`` shards.

    Whole seams are dealt, heaviest first, each to the lightest shard so far; the weight of
    a bound seam is its routes plus one, of an unbound one a tenth. The deal depends only on
    the configuration and the contracts tree, so every CI machine computes the same one.
    """
    if shard is None:
        return lambda _name: True
    index, count = shard
    weights: dict[str, float] = {name: 0.1 for name in registry.contracts}
    for problem in registry.problems:
        weights.setdefault(problem.seam, 0.1)
    for binding in config.seams:
        weights[binding.contract] = 1.0 + len(binding.routes)
    loads = [0.0] * count
    owner: dict[str, int] = {}
    for name in sorted(weights, key=lambda n: (-weights[n], n)):
        lightest = min(range(count), key=lambda i: (loads[i], i))
        owner[name] = lightest + 1
        loads[lightest] += weights[name]
    return lambda name: owner.get(name, 1) == index
