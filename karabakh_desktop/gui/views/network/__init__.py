"""The actor network view: ``figure`` draws it, ``items`` puts the figure on screen, ``panel``
holds the controls."""
