"""The synthetic national demo data set: record files and programme figures that look like the real
sources but are generated (synthetische gegevens), sized by the real 2019 populations and calibrated to
the published national figures. See ``docs/demo-data.md``.
"""

from __future__ import annotations

from kansrijk.demo.generate import DemoFiles, generate_demo

__all__ = ["DemoFiles", "generate_demo"]
