"""What changed between two versions of the contract, and whom it breaks.

`model` holds what a change is; `schemas` compares JSON Schema 2020-12 keyword by keyword;
`document` walks the OpenAPI 3.1 document through `servers`, `security`, `operations`,
`payloads` (parameters, headers, bodies, responses, links) and `components`, with what they
share in `objects`; `output` prints the changes in each format. A keyword or field that no rule
classifies is reported as breaking (`unclassified`), never skipped.
"""

from breaking.document import changes

__all__ = ["changes"]
