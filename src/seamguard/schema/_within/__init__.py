"""Whether one JSON Schema admits only values another admits: ``L(a) ⊆ L(b)``.

The static check ``api-within-logic`` asks this of every request property an API route shares
with its seam's input schema: ``a`` is the API's schema of the property (OpenAPI 3.1, that is
Draft 2020-12), ``b`` the contract's. A wrong "yes" hides a bug and a wrong "no" is a false
alarm, so each answer is earned its own way::

    "yes"        a proof: every value a admits meets every assertion keyword of b
    "no"         a value that jsonschema (format checking on) finds valid under a, invalid under b
    "undecided"  neither; the reason names the keyword of b where the proof stopped

The proof splits ``a`` into branches (``anyOf``, ``oneOf`` and ``if`` split; ``allOf`` and
``$ref`` merged) and each branch into JSON types, integers apart from other numbers; then it
checks each keyword of ``b`` against what the branch guarantees, recursing into properties
and items. Keywords of ``a`` it does not understand are dropped, which only makes ``a``
larger: that can cost a "yes" but never make one wrong. Keywords of ``b`` it does not
understand stop the proof. A ``$ref`` cycle that passes through a property or an item is
closed by induction on the depth of the value; any other cycle is cut at a fixed depth.

Counterexamples come from the places the proof stopped (a string one character too long, an
object without a required name, ...) and from values built from ``a``; each one is checked
with jsonschema before it is reported, and one that fails the check is dropped.

Modules, each importing only those above it::

    _verdict      Outcome, Verdict; the notes, leads and answers a proof leaves
    _tables       keyword tables, formats and limits
    _json         JSON values as JSON Schema sees them
    _side         one side's document: metaschema check, $ref pointers, validators
    _branch       what a branch of a guarantees
    _split        the checker's state; splitting a into branches
    _samples      values built from a branch: candidate counterexamples
    _scalars      rules: type, const/enum, numbers, strings
    _combinators  rules: $ref, allOf, anyOf, oneOf, not, if; disjointness
    _containers   rules: arrays and objects, and the descent into their members
    _proof        within and prove: the recursion joining the rules
    _admits       admits_only, and the answer turned into a Verdict
    _forms        the JSON forms a schema admits; different_forms, which api-within-logic
                  asks first (a value object is not compared with the string it is built from)
"""

from __future__ import annotations

from seamguard.schema._within._admits import admits_only
from seamguard.schema._within._forms import different_forms
from seamguard.schema._within._verdict import Outcome, Verdict

__all__ = ["Outcome", "Verdict", "admits_only", "different_forms"]
