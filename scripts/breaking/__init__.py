"""What changed between two versions of the contract, and whom it breaks.

`model` holds what a change is, `schemas` the JSON Schema 2020-12 keywords, `document` the
OpenAPI 3.1 objects, `output` the formats a change is printed in. A keyword or field that no
rule classifies is reported as breaking (`unclassified`), never skipped.
"""

from breaking.document import changes

__all__ = ["changes"]
