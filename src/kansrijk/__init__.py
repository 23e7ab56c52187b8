"""kansrijk: the Monitor Kansrijke Start.

Definitions (YAML catalogues) -> intake -> engine -> stats -> disclosure -> publish.
"""

__version__ = "0.1.0"
