"""The schematic region map view: ``figure`` (looks and drawing), ``layers`` and ``items`` (what
carries the figure on screen), ``panel`` (controls)."""
