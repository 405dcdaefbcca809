"""The timeline view: ``figure`` (looks and drawing), ``items`` (on screen), ``panel`` (controls)."""
